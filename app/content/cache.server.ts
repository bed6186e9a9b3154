import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { CompiledLesson } from "./compile.server";

/**
 * Compiled lessons, one file per module, kept under a key that is the hash of the module's
 * source files plus the compiler version: an unchanged module is never compiled again.
 */

interface CacheEntry {
  key: string;
  lessons: Record<string, CompiledLesson>;
}

export function moduleCacheKey(compilerVersion: string, sources: { name: string; text: string }[]): string {
  const hash = crypto.createHash("sha256").update(compilerVersion);
  for (const source of [...sources].sort((a, b) => a.name.localeCompare(b.name))) {
    hash.update(`\0${source.name}\0${source.text}`);
  }
  return hash.digest("hex");
}

function cacheFile(cacheDir: string, slug: string) {
  return path.join(cacheDir, `${slug}.json`);
}

export function readCachedLessons(cacheDir: string, slug: string, key: string): Record<string, CompiledLesson> | null {
  try {
    const entry = JSON.parse(fs.readFileSync(cacheFile(cacheDir, slug), "utf8")) as CacheEntry;
    return entry.key === key ? entry.lessons : null;
  } catch {
    return null;
  }
}

export function writeCachedLessons(cacheDir: string, slug: string, key: string, lessons: Record<string, CompiledLesson>) {
  fs.mkdirSync(cacheDir, { recursive: true });
  writeFileAtomic(cacheFile(cacheDir, slug), JSON.stringify({ key, lessons } satisfies CacheEntry));
}

/** Writes beside the target and renames, so a reader never sees half a file. */
export function writeFileAtomic(file: string, text: string) {
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, text);
  fs.renameSync(temporary, file);
}
