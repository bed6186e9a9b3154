/** A reason a file or a row cannot be imported: an i18n key and the values it mentions. */
export interface Problem {
  key: string;
  values?: Record<string, string>;
  /** The column at fault, as the file heads it. */
  column?: string;
}

export interface RowProblem {
  /** As a spreadsheet numbers it: the file's first line is row 1. */
  row: number;
  problems: Problem[];
}
