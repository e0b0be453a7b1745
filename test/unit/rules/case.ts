/** One rule case: a small runbook whose ⟦marked⟧ ranges must each be reported with the code. */
export interface RuleCase {
  name: string;
  code: string;
  /** The runbook, with ⟦...⟧ around every range the code must be reported at. */
  doc: string;
  severity?: string;
}

/** A runbook that must not report the code. */
export interface NearMiss {
  name: string;
  code: string;
  doc: string;
}
