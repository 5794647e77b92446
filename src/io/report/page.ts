/** The plan page's own headings, in its language (app/report/words.ts). */
export interface PageWords {
  readonly kpis: string;
  readonly map: string;
  readonly credits: string;
  readonly link: string;
  readonly offline: string;
}
