import { DoDont } from "./do-dont";
import { Figure } from "./figure";
import { Inset } from "./inset";
import { ForNation, LocalContact } from "./local";
import { markdownComponents } from "./markdown";
import { Flag, MockEmail, MockText } from "./mock-message";
import { Answer, Scenario } from "./scenario";
import { Warning } from "./warning";

export { LessonProvider, type ComponentLabels, type Lesson } from "./lesson-context";

/** Everything a lesson may use, by the name authors write (see content/README.md). */
export const lessonComponents = {
  ...markdownComponents,
  Inset,
  Warning,
  DoDont,
  Scenario,
  Answer,
  MockEmail,
  MockText,
  Flag,
  Figure,
  ForNation,
  LocalContact,
};
