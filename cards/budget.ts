/** The text and list budget both renderers shrink through until a card or message fits its platform's limits. */
/** How much of each kind of text and list a card or message may show. */
export interface Budget {
  /** Table cell / fact value length. */
  cell: number;
  /** Paragraphs: notes, problem messages, fixes. */
  text: number;
  /** Titles, fact titles, column titles. */
  title: number;
  /** Rows of a summary (unpaged) table. */
  rows: number;
  /** Facts per fact set. */
  facts: number;
  /** Items of a problem or change list. */
  items: number;
}
