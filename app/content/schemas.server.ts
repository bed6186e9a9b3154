import { distance } from "fastest-levenshtein";
import { z } from "zod";
import { COUNTRIES } from "@db/enums";
import { LOCAL_CONTACT_KINDS } from "./components/local";

/** The rules of content/README.md as zod schemas. Cross-field rules live in check.server.ts. */

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const SCENARIO_SETTINGS = ["acute-ward", "gp-reception", "care-home", "community", "home-working", "office"] as const;
export const TRANSLATION_STATUSES = ["awaiting-review", "reviewed"] as const;

const text = z.string().trim().min(1);
const id = z.string().regex(ID_PATTERN, { error: "must be lower-case letters and digits joined by hyphens, like spot-warning-signs" });
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "must be a date written YYYY-MM-DD" })
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), {
    error: "is not a real date",
  });
const webAddress = z.string().regex(/^https?:\/\/[^\s]+\.[^\s]+$/, { error: "must be a web address starting https://" });

export const OutcomeSchema = z.strictObject({ id, text });
/**
 * An English outcome also names the Data Security Awareness Level 1 objectives it teaches and
 * tests (ids from content/level1-objectives.yaml); the Welsh outcome only changes the words.
 */
export const EnglishOutcomeSchema = OutcomeSchema.extend({ level1: z.array(id).min(1).optional() });
export const SourceSchema = z.strictObject({ title: text, url: webAddress });

export const ModuleFrontmatterSchema = z.object({
  title: text,
  summary: text,
  order: z.int().min(1),
  minutes: z.int().min(1).max(240),
  // YAML reads `version: 1.0` as a number: turn it back into text so the message says what is wrong.
  version: z.preprocess(
    (value) => (typeof value === "number" ? String(value) : value),
    z.string().regex(/^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/, { error: "must be major.minor.patch without leading zeros, like 1.0.0" }),
  ),
  versionDate: isoDate,
  lastReviewed: isoDate,
  audience: text,
  outcomes: z.array(EnglishOutcomeSchema).min(1),
  sources: z.array(SourceSchema).min(1),
});

/** content/level1-objectives.yaml: the published objectives of the national Level 1 course. */
export const Level1ObjectivesSchema = z.strictObject({
  sources: z.array(SourceSchema).min(1),
  objectives: z.array(z.strictObject({ id, published: text, en: text, cy: text })).min(1),
});

export const WelshModuleFrontmatterSchema = z.object({
  title: text,
  summary: text,
  outcomes: z.array(OutcomeSchema).min(1),
  translation: z.strictObject({ status: z.enum(TRANSLATION_STATUSES), note: text.optional() }),
});

/** `outcomes`: the learning outcomes this page teaches, so a learner who misses one is sent here. */
export const PageFrontmatterSchema = z.object({ title: text, outcomes: z.array(id).min(1).optional() });

export const QuizOptionSchema = z.strictObject({
  id,
  text,
  correct: z.boolean().optional(),
  explanation: text,
});

export const QuizQuestionSchema = z.strictObject({
  id,
  outcome: id,
  text,
  options: z.array(QuizOptionSchema).min(2),
});

export const QuizSchema = z.object({
  passMark: z.int().min(1).max(100),
  questionsPerAttempt: z.int().min(1),
  questions: z.array(QuizQuestionSchema).min(1),
});

/** The Welsh bank repeats the English structure; pass mark and draw size come from English. */
export const WelshQuizSchema = QuizSchema.extend({
  passMark: z.int().min(1).max(100).optional(),
  questionsPerAttempt: z.int().min(1).optional(),
});

const textList = z.array(text).min(1);

/**
 * Every element a lesson may use, with the props it takes: anything not here is refused. To add a
 * component, add a row here (props as a zod object; `urls` names the props that hold an address)
 * and its React component to components/index.ts. Prop values are always data: quoted text, a
 * number, or a list of quoted text.
 */
export const LESSON_ELEMENTS = {
  Inset: { props: z.strictObject({}) },
  Warning: { props: z.strictObject({ heading: text.optional() }) },
  DoDont: {
    props: z.strictObject({ do: textList.optional(), dont: textList.optional() }).refine((p) => p.do || p.dont, {
      error: "needs a `do` list, a `dont` list, or both",
    }),
  },
  Scenario: { props: z.strictObject({ setting: z.enum(SCENARIO_SETTINGS), title: text.optional() }) },
  Answer: { props: z.strictObject({}) },
  MockEmail: { props: z.strictObject({ from: text, address: text, subject: text, date: text.optional() }) },
  MockText: { props: z.strictObject({ from: text, date: text.optional() }) },
  Flag: { props: z.strictObject({ reason: text }) },
  Figure: { props: z.strictObject({ src: text, alt: text, caption: text.optional() }), urls: ["src"] },
  abbr: { props: z.strictObject({ title: text }) },
  br: { props: z.strictObject({}) },
  kbd: { props: z.strictObject({}) },
  sub: { props: z.strictObject({}) },
  sup: { props: z.strictObject({}) },
  small: { props: z.strictObject({}) },
  strong: { props: z.strictObject({}) },
  em: { props: z.strictObject({}) },
  ForNation: { props: z.strictObject({ nation: z.enum(COUNTRIES) }) },
  LocalContact: { props: z.strictObject({ kind: z.enum(LOCAL_CONTACT_KINDS) }) },
  span: { props: z.strictObject({ lang: z.enum(["cy", "en"]).optional() }) },
} satisfies Record<string, { props: z.ZodObject; urls?: string[] }>;

export type LessonElementName = keyof typeof LESSON_ELEMENTS;
export const LESSON_ELEMENT_NAMES = Object.keys(LESSON_ELEMENTS) as LessonElementName[];
/** The lesson components (capitalised), as opposed to the few plain HTML elements allowed. */
export const LESSON_COMPONENT_NAMES = LESSON_ELEMENT_NAMES.filter((name) => /^[A-Z]/.test(name));
/** Plain inline HTML a lesson may use; anything else should be Markdown or a lesson component. */
export const ALLOWED_HTML_ELEMENTS = new Set<string>(LESSON_ELEMENT_NAMES.filter((name) => /^[a-z]/.test(name)));

export type ModuleFrontmatter = z.infer<typeof ModuleFrontmatterSchema>;
export type WelshModuleFrontmatter = z.infer<typeof WelshModuleFrontmatterSchema>;
export type Level1Objectives = z.infer<typeof Level1ObjectivesSchema>;
export type Quiz = z.infer<typeof QuizSchema>;
export type WelshQuiz = z.infer<typeof WelshQuizSchema>;

/** Every top-level field a schema knows, to refuse misspelt ones it would otherwise drop. */
export function knownKeys(schema: z.ZodObject): string[] {
  return Object.keys(schema.shape);
}

/** The fields the object at `path` inside data checked by `schema` may have. */
export function knownKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let node: z.ZodType | undefined = schema;
  for (const key of [...path, null]) {
    // Unwrap what wraps an object or list: optional, default, preprocess and refine pipes.
    for (;;) {
      if (node instanceof z.ZodOptional || node instanceof z.ZodDefault || node instanceof z.ZodNullable) node = node.unwrap() as z.ZodType;
      else if (node instanceof z.ZodPipe) node = (node.out instanceof z.ZodTransform ? node.in : node.out) as z.ZodType;
      else break;
    }
    if (key === null) break;
    if (node instanceof z.ZodArray && typeof key === "number") node = node.element as z.ZodType;
    else if (node instanceof z.ZodObject && typeof key === "string") node = node.shape[key] as z.ZodType | undefined;
    else return [];
  }
  return node instanceof z.ZodObject ? Object.keys(node.shape) : [];
}

/** Names authors reach for that mean one of our fields. */
const FIELD_SYNONYMS: Record<string, string> = {
  answer: "correct",
  right: "correct",
  isCorrect: "correct",
  why: "explanation",
  reason: "explanation",
  feedback: "explanation",
  question: "text",
  label: "text",
  choices: "options",
  answers: "options",
  objective: "outcome",
};

/** "Did you mean `correct`?" for a field we do not know, or the list of fields we do. */
export function suggestField(key: string, known: string[]): string {
  const synonym = FIELD_SYNONYMS[key];
  if (synonym && known.includes(synonym)) return `Did you mean \`${synonym}\`?`;
  const [closest] = known.map((k) => ({ k, d: distance(key.toLowerCase(), k.toLowerCase()) })).sort((a, b) => a.d - b.d);
  if (closest && closest.d <= Math.max(2, Math.floor(key.length / 3))) return `Did you mean \`${closest.k}\`?`;
  return known.length ? `The fields here are: ${known.join(", ")}.` : "";
}

const DESCRIBE_TYPE: Record<string, string> = {
  string: "text",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  array: "a list",
  object: "a set of fields",
};

function valueAt(data: unknown, path: PropertyKey[]): unknown {
  return path.reduce<unknown>((node, key) => (node !== null && typeof node === "object" ? (node as Record<PropertyKey, unknown>)[key] : undefined), data);
}

/** `outcomes[1].id` */
export function formatPath(path: PropertyKey[]): string {
  return path.map((key, i) => (typeof key === "number" ? `[${key}]` : i === 0 ? String(key) : `.${String(key)}`)).join("");
}

/** A zod issue as a plain sentence about the field, for people who write lessons rather than code. */
export function describeIssue(issue: z.core.$ZodIssue, data: unknown, nameField: (path: PropertyKey[]) => string = (path) => `\`${formatPath(path)}\``): string {
  const field = issue.path.length > 0 ? nameField(issue.path) : "This";
  const value = valueAt(data, issue.path);
  switch (issue.code) {
    case "invalid_type":
      if (value === undefined || value === null) return `${field} is missing.`;
      return `${field} must be ${DESCRIBE_TYPE[issue.expected] ?? issue.expected}.`;
    case "too_small":
      if (issue.origin === "string") return `${field} must not be empty.`;
      if (issue.origin === "array") return `${field} must list at least ${issue.minimum}.`;
      return `${field} must be at least ${issue.minimum}.`;
    case "too_big":
      if (issue.origin === "array") return `${field} must list at most ${issue.maximum}.`;
      return `${field} must be at most ${issue.maximum}.`;
    case "invalid_value":
      return `${field} must be one of: ${issue.values.map(String).join(", ")} (found "${String(value)}").`;
    case "unrecognized_keys":
      return `${field} has unknown ${issue.keys.length === 1 ? "field" : "fields"}: ${issue.keys.map((k) => `\`${k}\``).join(", ")}.`;
    default:
      return `${field} ${issue.message.replace(/\.$/, "")}.`;
  }
}

/** "`explanation` of question `sender-address`, option `b`" rather than "`questions[0].options[1].explanation`". */
export function nameQuizField(data: unknown) {
  return (path: PropertyKey[]): string => {
    if (path[0] !== "questions" || typeof path[1] !== "number") return `\`${formatPath(path)}\``;
    const question = valueAt(data, path.slice(0, 2)) as { id?: unknown } | undefined;
    let where = `question ${typeof question?.id === "string" ? `\`${question.id}\`` : path[1] + 1}`;
    let rest = path.slice(2);
    if (rest[0] === "options" && typeof rest[1] === "number") {
      const option = valueAt(data, path.slice(0, 4)) as { id?: unknown } | undefined;
      where += `, option ${typeof option?.id === "string" ? `\`${option.id}\`` : rest[1] + 1}`;
      rest = rest.slice(2);
    }
    return rest.length > 0 ? `\`${formatPath(rest)}\` of ${where}` : where[0].toUpperCase() + where.slice(1);
  };
}
