// Hillingdon's allocation of work / transfer protocol written by hand in TypeScript, as a team would
// without Baton: read from examples/hillingdon.baton and the published text
// (shared/seeds/000_1243220090e77d4f.txt). One function per team holding the case, each an if/else
// chain with the more specific rows first; a sibling group that is both looked after and in need
// goes to the Transfer Panel whatever the team. A fact that is not known is asked for only where
// the answer depends on it.
import type { CaseRecord, ComparedDecision } from "./common.js";
import { addDays, addMonths, daysBetween } from "./hand-dates.js";

type Plan = "child_protection" | "child_in_need" | "none";
type CareStatus = "not_looked_after" | "section_20" | "care_order" | "returned_home";

interface HillingdonFacts {
  plan?: Plan;
  care_status?: CareStatus;
  proceedings_likely?: boolean;
  proceedings?: boolean;
  emergency_proceedings?: boolean;
  further_cin_plan?: boolean;
  core_assessment_needed?: boolean;
  relinquished?: boolean;
  late_referral?: boolean;
  return_to_origin?: boolean;
  reuniting_complete?: boolean;
  high_needs?: boolean;
  date_of_birth?: string;
  home_since?: string;
  ongoing_cin_work?: boolean;
  unborn?: boolean;
  siblings_adopted?: boolean;
  children?: { status?: "looked_after" | "in_need" | "not_open" }[];
}

const PANEL = "TransferPanel";
const SIXTEEN_PLUS_MONTHS = 15 * 12 + 9;
const CO_WORKING_MONTHS = 15 * 12 + 6;

const needs = (fact: string): ComparedDecision => ({ outcome: "needs-information", missing: [], needs: [fact] });
const waitingFor = (event: string): ComparedDecision => ({ outcome: "needs-information", waitingFor: event, missing: [], needs: [] });
const remain = (rule: string): ComparedDecision => ({ outcome: "remain", rule, missing: [], needs: [] });
const refer = (rule?: string): ComparedDecision =>
  rule === undefined ? { outcome: "refer", panel: PANEL, missing: [], needs: [] } : { outcome: "refer", rule, panel: PANEL, missing: [], needs: [] };
/** "A Transfer Panel will meet on a weekly basis to consider the transfer of cases": what no row covers. */
const OTHERWISE = refer();

class HillingdonCase {
  readonly facts: HillingdonFacts;

  constructor(
    readonly record: CaseRecord,
    readonly today: string,
  ) {
    this.facts = record.facts as HillingdonFacts;
  }

  eventDate(event: string): string | undefined {
    const dates = this.record.events[event];
    return dates?.held ?? dates?.scheduled;
  }

  /** A transfer at an event, or a number of days after it. */
  transferAt(rule: string, to: string, event: string, days = 0, requires: string[] = []): ComparedDecision {
    const date = this.eventDate(event);
    if (date === undefined) return this.transfer(rule, to, null, requires, { waitingFor: event });
    return this.transfer(rule, to, days === 0 ? date : addDays(date, days), requires);
  }

  /** A transfer on a date worked out from a date fact (a birthday, the return home). */
  transferOn(rule: string, to: string, fact: "date_of_birth" | "home_since", months: number, jointWorkMonths?: number): ComparedDecision {
    const from = this.facts[fact];
    const extra: Partial<ComparedDecision> = from === undefined ? { needs: [fact] } : {};
    if (jointWorkMonths !== undefined) extra.jointWorkFrom = from === undefined ? null : addMonths(from, jointWorkMonths);
    return this.transfer(rule, to, from === undefined ? null : addMonths(from, months), [], extra);
  }

  transfer(rule: string, to: string, due: string | null, requires: string[], extra: Partial<ComparedDecision> = {}): ComparedDecision {
    const complete = this.record.documents;
    return { outcome: "transfer", rule, to, due, ...extra, missing: requires.filter((document) => !complete.includes(document)), needs: extra.needs ?? [] };
  }

  /** Section 3.6: some of the siblings are looked after and some are children in need. */
  mixedSiblingGroup(): boolean | undefined {
    const children = this.facts.children;
    if (children === undefined) return undefined;
    return children.some((child) => child.status === "looked_after") && children.some((child) => child.status === "in_need");
  }
}

export function decideHillingdon(record: CaseRecord, today: string): ComparedDecision {
  const c = new HillingdonCase(record, today);
  const mixed = c.mixedSiblingGroup();
  if (mixed === true) return refer("Sibling groups both looked after and in need go to the Transfer Panel");
  let decision: ComparedDecision;
  switch (record.team) {
    case "RAT":
      decision = fromRat(c);
      break;
    case "Intake":
      decision = fromIntake(c);
      break;
    case "CIN":
    case "CIC":
      decision = fromCinOrCic(c);
      break;
    default:
      decision = OTHERWISE;
  }
  // The sibling group could still send a decided case to the panel; the panel is the default anyway.
  if (mixed === undefined && decision.rule !== undefined) return needs("children");
  return decision;
}

function fromRat(c: HillingdonCase): ComparedDecision {
  const f = c.facts;
  // Section 3.2: relinquished babies, the late referrals at the review.
  if (f.relinquished === undefined) return needs("relinquished");
  if (f.relinquished) {
    if (f.late_referral === undefined) return needs("late_referral");
    return f.late_referral
      ? c.transferAt("Relinquished babies referred at birth move to CIC at the first review", "CIC", "first_lac_review")
      : c.transferAt("Relinquished babies move to CIC after the Initial Assessment", "CIC", "initial_assessment");
  }
  // Looked after children belong in CIC.
  if (f.care_status === undefined) return needs("care_status");
  if (f.care_status === "section_20") return c.transferAt("Accommodated children move to CIC", "CIC", "became_looked_after", 42);
  if (f.plan === undefined) return needs("plan");
  if (f.plan === "child_protection") {
    if (f.emergency_proceedings === undefined) return needs("emergency_proceedings");
    if (f.emergency_proceedings) return c.transferAt("Emergency proceedings before the initial conference: move to CIC", "CIC", "initial_conference");
    if (f.proceedings_likely === undefined) return needs("proceedings_likely");
    if (f.proceedings_likely) {
      if (f.proceedings === undefined) return needs("proceedings");
      return f.proceedings
        ? c.transferAt("Proceedings began: move to CIC at the first review conference", "CIC", "first_review_conference", 0, ["core_assessment"])
        : c.transferAt("No proceedings needed: move to CIN at the first review conference", "CIN", "first_review_conference", 0, ["core_assessment"]);
    }
    return c.transferAt("Child protection cases move to CIN", "CIN", "initial_conference", 0, ["core_assessment"]);
  }
  if (f.core_assessment_needed === undefined) return needs("core_assessment_needed");
  if (f.core_assessment_needed) return c.transferAt("Cases needing a Core Assessment move to CIN within a week", "CIN", "initial_assessment", 7, ["chronology"]);
  if (f.plan === "child_in_need") {
    if (f.further_cin_plan === undefined) return needs("further_cin_plan");
    if (f.further_cin_plan) return c.transferAt("Children in need with a further plan move to CIN", "CIN", "allocation", 42);
  }
  return OTHERWISE;
}

function fromIntake(c: HillingdonCase): ComparedDecision {
  const f = c.facts;
  // Section 3.1: Heathrow children.
  if (f.return_to_origin === undefined) return needs("return_to_origin");
  if (f.return_to_origin) return c.transferAt("Heathrow children returning to their country of origin move to CIC", "CIC", "allocation", 14);
  // "They will hold cases for a maximum of two weeks" while re-uniting work goes on.
  const allocated = c.eventDate("allocation");
  if (f.reuniting_complete === true || (allocated !== undefined && daysBetween(allocated, c.today) >= 14)) return OTHERWISE;
  if (f.reuniting_complete === undefined) return needs("reuniting_complete");
  if (allocated === undefined) return waitingFor("allocation");
  return remain("The Intake Team holds Heathrow children for up to two weeks");
}

function fromCinOrCic(c: HillingdonCase): ComparedDecision {
  const f = c.facts;
  // Section 3.5: the pre-birth assessment stays with the allocated worker, unless older siblings were adopted.
  if (f.unborn === undefined) return needs("unborn");
  if (f.unborn) {
    if (f.siblings_adopted === undefined) return needs("siblings_adopted");
    return f.siblings_adopted
      ? refer("Unborn children whose older siblings were adopted go to the Transfer Panel")
      : remain("Unborn children of families already open stay with the allocated worker");
  }
  return c.record.team === "CIN" ? fromCin(c) : fromCic(c);
}

function fromCin(c: HillingdonCase): ComparedDecision {
  const f = c.facts;
  if (f.proceedings === undefined) return needs("proceedings");
  if (f.proceedings) return c.transferAt("CIN Team cases entering care proceedings move to CIC", "CIC", "next_review_conference");
  if (f.high_needs === undefined) return needs("high_needs");
  if (f.high_needs) return c.transferOn("High-need young people in the CIN Team move to the 16+ Team", "Plus16", "date_of_birth", SIXTEEN_PLUS_MONTHS);
  return OTHERWISE;
}

function fromCic(c: HillingdonCase): ComparedDecision {
  const f = c.facts;
  switch (f.care_status) {
    case undefined:
      return needs("care_status");
    case "section_20":
      return c.transferOn("Accommodated young people move to the 16+ Team", "Plus16", "date_of_birth", SIXTEEN_PLUS_MONTHS, CO_WORKING_MONTHS);
    case "care_order":
      return c.transferOn("Young people on a care order move to the 16+ Team after their 16th birthday", "Plus16", "date_of_birth", 16 * 12, CO_WORKING_MONTHS);
    case "returned_home":
      if (f.ongoing_cin_work === undefined) return needs("ongoing_cin_work");
      return f.ongoing_cin_work ? c.transferOn("Children home for six months move from CIC to CIN", "CIN", "home_since", 6) : OTHERWISE;
    default:
      return OTHERWISE;
  }
}
