import type { PlanImageOptions } from '../export/image/draw';

/**
 * What a document about a plan says (the slide deck, the PDF report, the
 * spreadsheet, the plan page and the app's own PNG), in one language: every
 * writer lays out the same words and numbers, so a KPI in the deck reads as
 * it reads on the screen.
 */
export interface ReportContent {
  readonly lang: 'kk' | 'ru' | 'en';
  /** The scenario's name. */
  readonly title: string;
  /** The city's name in the language. */
  readonly city: string;
  /** The day the document was made, in words ("6 December 2026"). */
  readonly date: string;
  /** Where the data come from: the city's credits and the street network's, one line. */
  readonly credits: string;
  /** What the solver proved: "Optimal" or "Time limit reached · proven within 0.8% of the best possible". */
  readonly status: string;
  /** The headline KPI cards, as the app's KpiCards shows them. */
  readonly kpis: readonly Kpi[];
  /** One line per type (its covered share), the every-service line and the cost: the picture's heading. */
  readonly headline: readonly string[];
  /** Covered share by district and type, with the share before the plan. */
  readonly districts: Table;
  /** "Reaches them all" by district, where two or more types are essential. */
  readonly every: Table | null;
  /** Types reached on foot or by public transport: per district and the city, the shares on foot, by transit and by either, before → after (one table a type; none without transit). */
  readonly transit: readonly Table[];
  /** Every new site and extension, one row each. */
  readonly sites: Table;
  /** The sites grouped by year, type and district (a count and a cost per group). */
  readonly schedule: Table;
  /** The budget-coverage curve, when the scenario has one. */
  readonly curve: ReportCurve | null;
  /** Findings of "why this plan" and robustness, one sentence each, when the planner has them. */
  readonly findings: readonly string[];
  /** The plan's share link, when there is one. */
  readonly link: string | null;
  /** Everything the map picture is drawn from (io/export/image/draw.ts), less its size. */
  readonly picture: Omit<PlanImageOptions, 'width' | 'height'>;
}

/** A KPI card: its value, its label, an optional second line, and the app's data-testid for it. */
export interface Kpi {
  readonly id: 'covered-share' | 'total-cost' | 'sites-opened' | 'every-service';
  readonly value: string;
  readonly label: string;
  readonly more?: string;
  /** The number behind the value (a share 0..1, tenge, a count). */
  readonly number: number;
}

/** A cell: its value for a spreadsheet (a number where it is one) and its text as shown. */
export interface Cell {
  readonly value: string | number | null;
  readonly text: string;
}

export interface Table {
  readonly title: string;
  readonly header: readonly string[];
  readonly rows: readonly (readonly Cell[])[];
}

export interface ReportCurve {
  readonly title: string;
  readonly budgetLabel: string;
  readonly shareLabel: string;
  readonly points: readonly { readonly budget: number; readonly share: number; readonly budgetText: string; readonly shareText: string; readonly proven: boolean }[];
}
