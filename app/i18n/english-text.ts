import { resources } from "./resources";

/** The English text of an i18n key with its values filled in: the command-line tools are for admins and speak English. */
export function englishText(message: { key: string; values?: Record<string, string> }): string {
  const text = message.key
    .split(".")
    .reduce<unknown>((node, part) => (node as Record<string, unknown>)?.[part], resources["en-GB"].translation);
  return String(text ?? message.key).replace(/\{\{(\w+)\}\}/g, (_, name: string) => message.values?.[name] ?? "");
}
