// Derby's transfer protocol written by hand in TypeScript, as a team would without Baton: read from
// examples/derby.baton and the published text (shared/seeds/004_1df9da15ecd1299f.txt). The
// protocol is a From / Case table, so the code switches on the team holding the case, then on the
// kind of case; Appendix 1 (the disabled children rules) is a few helper functions. A fact that is
// not known is asked for only where the answer depends on it.
import type { CaseRecord, ComparedDecision } from "./common.js";
import { addDays, addWorkingDays } from "./hand-dates.js";

interface Child {
  has_disability?: boolean;
  on_plan?: boolean;
}

interface DerbyFacts {
  case_type?: string;
  children?: Child[];
  disabled?: boolean;
  placed_separately?: boolean;
  harmed_child_disabled?: boolean;
  family_closed_or_unknown?: boolean;
  section_20?: boolean;
  sa_likely?: boolean;
  remaining_in_care?: boolean;
  removed_at_final_hearing?: boolean;
  moved_to_other_authority?: boolean;
  step_down_agreed?: boolean;
  safeguarding_concerns?: boolean;
  pregnancy_start?: string;
  returned_home?: string;
}

// "The plan, case notes, case summary, chronology and genogram, should be up to date."
const FILE_IN_ORDER = ["plan", "case_notes", "case_summary"];
const LEVEL_3_DOCS = ["single_assessment", "chronology", "genogram", "vcm_front_sheet", ...FILE_IN_ORDER];
const S20_ASSESSMENT_DOCS = ["single_assessment", "chronology", "genogram", "vcm_front_sheet", "lac_paperwork", ...FILE_IN_ORDER];
const HOMELESS_DOCS = ["housing_needs_assessment", "single_assessment", "chronology", "genogram", ...FILE_IN_ORDER];
const HOMELESS_S20_DOCS = ["housing_needs_assessment", "single_assessment", "lac_paperwork", "chronology", "genogram", ...FILE_IN_ORDER];
const PROTECTION_DOCS = ["single_assessment", "chronology", "genogram", ...FILE_IN_ORDER];
const PROCEEDINGS_DOCS = ["single_assessment", "chronology", "genogram", "statement", "plan", "viability_assessment", "case_notes", "case_summary"];
const S20_LOCALITY_DOCS = ["single_assessment", "chronology", "genogram", "lac_documents", "permanence_plan", "transfer_checklist", "review_paperwork", "dhos_case_note", ...FILE_IN_ORDER];
const LONG_TERM_DOCS = ["court_paperwork", "lac_documents", "transfer_checklist", ...FILE_IN_ORDER, "chronology", "genogram"];
const ADOPTION_DOCS = ["child_permanence_report", "court_documents", "single_assessment", ...FILE_IN_ORDER, "chronology", "genogram"];
const KEY_WORKER_DOCS = [...FILE_IN_ORDER, "chronology", "genogram"];
const STEP_DOWN_DOCS = [...FILE_IN_ORDER, "chronology", "genogram"];
const MOVED_AWAY_DOCS = ["single_assessment", ...FILE_IN_ORDER, "chronology", "genogram"];
const REHAB_DOCS = ["single_assessment", "chronology", "genogram", "cin_review_report", ...FILE_IN_ORDER];
const PWP_BREAKDOWN_DOCS = ["single_assessment", "chronology", "genogram", "lac_documents", ...FILE_IN_ORDER];

/** When something happens: an event's date (if any) moved by working days or days. */
interface When {
  date: string | null;
  waitingFor?: string;
}

class DerbyCase {
  readonly facts: DerbyFacts;

  constructor(
    readonly record: CaseRecord,
    readonly today: string,
  ) {
    this.facts = record.facts as DerbyFacts;
  }

  eventDate(event: string): string | undefined {
    const dates = this.record.events[event];
    return dates?.held ?? dates?.scheduled;
  }

  at(event: string, workingDays = 0, days = 0): When {
    const date = this.eventDate(event);
    if (date === undefined) return { date: null, waitingFor: event };
    return { date: workingDays > 0 ? addWorkingDays(date, workingDays) : days !== 0 ? addDays(date, days) : date };
  }

  transfer(rule: string, to: string, when: When, requires: string[], extra: { requestBy?: string | null; jointWorkFrom?: string | null; needs?: string[] } = {}): ComparedDecision {
    const decision: ComparedDecision = { outcome: "transfer", rule, to, due: when.date, missing: [], needs: extra.needs ?? [] };
    if (when.waitingFor !== undefined) decision.waitingFor = when.waitingFor;
    if (extra.requestBy !== undefined) decision.requestBy = extra.requestBy;
    if (extra.jointWorkFrom !== undefined) decision.jointWorkFrom = extra.jointWorkFrom;
    const complete = this.record.documents;
    decision.missing = requires.filter((document) => !complete.includes(document));
    return decision;
  }

  // ---- Appendix 1: which of the Locality/CiC and IDCS takes a family with disabled children ----

  count(test: (child: Child) => boolean): number | undefined {
    return this.facts.children?.filter(test).length;
  }

  /** CIN: "Where there are more disabled children or equal numbers ... the IDCS". */
  idcsForChildInNeed(): boolean | undefined {
    const disabled = this.count((child) => child.has_disability === true);
    const others = this.count((child) => child.has_disability === false);
    return disabled === undefined || others === undefined ? undefined : disabled >= others;
  }

  /** LAC: placed together, IDCS with equal or more disabled children; placed separately, IDCS for the disabled child. */
  idcsForLookedAfter(): boolean | undefined {
    const { placed_separately: separately, disabled } = this.facts;
    if (separately === true) return disabled;
    if (separately === false) return this.idcsForChildInNeed();
    // Placement not known: it only matters if either answer would send the case to IDCS.
    return this.idcsForChildInNeed() === false && disabled === false ? false : undefined;
  }

  /** 1(a): a disabled child allegedly harmed, and as many disabled children to be on a plan. */
  idcsForProtection(): boolean | undefined {
    const harmed = this.facts.harmed_child_disabled;
    if (harmed === false) return false;
    const disabledOnPlan = this.count((child) => child.has_disability === true && child.on_plan === true);
    const othersOnPlan = this.count((child) => child.has_disability === false && child.on_plan === true);
    if (disabledOnPlan === undefined || othersOnPlan === undefined) return undefined;
    if (disabledOnPlan < othersOnPlan) return false;
    return harmed;
  }
}

const needs = (...facts: string[]): ComparedDecision => ({ outcome: "needs-information", missing: [], needs: facts.sort() });
const remain = (rule: string): ComparedDecision => ({ outcome: "remain", rule, missing: [], needs: [] });
const referToDhos = (rule?: string): ComparedDecision => (rule === undefined ? { outcome: "refer", panel: "DHOS", missing: [], needs: [] } : { outcome: "refer", rule, panel: "DHOS", missing: [], needs: [] });
/** "Usually this can be agreed at DHOS level": what no row covers. */
const OTHERWISE = referToDhos();

export function decideDerby(record: CaseRecord, today: string): ComparedDecision {
  const c = new DerbyCase(record, today);
  const f = c.facts;
  const caseType = f.case_type;
  switch (record.team) {
    case "IRT":
      if (caseType === undefined) return needs("case_type");
      return fromIrt(c, caseType);
    case "Assessment":
      if (caseType === undefined) return needs("case_type");
      return fromAssessment(c, caseType);
    case "Locality":
      if (caseType === undefined) return needs("case_type");
      return fromLocality(c, caseType);
    case "IDCS":
      return fromIdcs(c, caseType);
    case "CIC":
      if (caseType === undefined) return needs("case_type");
      if (caseType === "prospective_reunification") return referToDhos("Prospective reunifications are reviewed by the DHOS");
      if (caseType === "unborn_of_looked_after_parent") {
        const concerns = f.safeguarding_concerns;
        if (concerns === undefined) return needs("safeguarding_concerns");
        if (!concerns) return remain("CiC keeps unborn babies of looked after children when there are no safeguarding concerns");
        return c.transfer("Unborn babies of looked after children with safeguarding concerns move to a Locality", "Locality", c.at("pre_birth_assessment"), ["single_assessment"]);
      }
      return fromCicOrLacExit(c, caseType);
    case "LACExit":
      if (caseType === undefined) return needs("case_type");
      if (caseType === "pwp_reunification_breakdown") {
        const review = c.eventDate("first_review");
        return c.transfer("Placement with parent breakdowns move to CiC at the first review", "CIC", c.at("first_review"), PWP_BREAKDOWN_DOCS, {
          requestBy: review === undefined ? null : addDays(review, -21),
        });
      }
      return fromCicOrLacExit(c, caseType);
    case "LeavingCare":
      if (caseType === undefined) return needs("case_type");
      if (caseType === "unborn_of_former_looked_after_parent") {
        // "Request transfer ... no later than 24 weeks into pregnancy".
        const start = f.pregnancy_start;
        return c.transfer("Unborn babies of former looked after children move to a Locality", "Locality", c.at("vcm", 3), ["chronology", "genogram", "early_help_checklist"], {
          requestBy: start === undefined ? null : addDays(start, 24 * 7),
          needs: start === undefined ? ["pregnancy_start"] : [],
        });
      }
      return OTHERWISE;
    default:
      return OTHERWISE;
  }
}

function fromIrt(c: DerbyCase, caseType: string): ComparedDecision {
  const f = c.facts;
  switch (caseType) {
    case "asylum_seeking_s20":
      return c.transfer("Asylum seeking children accommodated under Section 20 go to CiC", "CIC", { date: c.today }, [], { requestBy: c.today });
    case "homeless_young_person":
      return c.transfer("Homeless young people are held by an Assessment worker in the interim", "Assessment", { date: c.today }, []);
    case "unborn":
      if (f.sa_likely === undefined) return needs("sa_likely");
      if (!f.sa_likely) return OTHERWISE;
      return c.transfer("Unborn babies likely to need an assessment move to a Locality", "Locality", c.at("vcm", 3), [], { requestBy: c.today });
    case "court_report":
      return c.transfer("Section 37 or Section 7 reports on unknown or closed cases go to a Locality at once", "Locality", { date: c.today }, ["court_order"], { requestBy: c.today });
    case "nrpf":
      return c.transfer("Families with no recourse to public funds are joint worked by a Locality from arrival", "Locality", c.at("vcm"), ["chronology", "genogram"], {
        requestBy: c.eventDate("family_arrival") ?? null,
        jointWorkFrom: c.eventDate("family_arrival") ?? null,
      });
    case "child_protection":
    case "cre": {
      // Appendix 1(a) and 1(b), first sentences: a family closed to or unknown by social care.
      const closed = f.family_closed_or_unknown;
      if (closed === undefined) return needs("family_closed_or_unknown");
      if (!closed) return OTHERWISE;
      if (f.harmed_child_disabled === undefined) return needs("harmed_child_disabled");
      return f.harmed_child_disabled
        ? c.transfer("A disabled child allegedly harmed in a closed or unknown family: IDCS investigates", "IDCS", { date: c.today }, [])
        : c.transfer("A non-disabled child allegedly harmed in a closed or unknown family: Localities investigate", "Locality", { date: c.today }, []);
    }
    default:
      return OTHERWISE;
  }
}

function fromAssessment(c: DerbyCase, caseType: string): ComparedDecision {
  const f = c.facts;
  switch (caseType) {
    case "intensive_level_3": {
      const idcs = c.idcsForChildInNeed();
      if (idcs === undefined) return needs("children");
      const requestBy = c.eventDate("sa_completed") ?? null;
      return idcs
        ? c.transfer("Intensive level 3 cases with as many disabled children move to IDCS", "IDCS", c.at("vcm", 3), LEVEL_3_DOCS, { requestBy })
        : c.transfer("Intensive level 3 cases move to a Locality", "Locality", c.at("vcm", 3), LEVEL_3_DOCS, { requestBy });
    }
    case "s20": {
      const idcs = c.idcsForLookedAfter();
      if (idcs === undefined) return needs(unknownForLookedAfter(c));
      const extra = { requestBy: c.eventDate("sa_completed") ?? null, jointWorkFrom: c.eventDate("vcm") ?? null };
      return idcs
        ? c.transfer("Section 20 cases with as many disabled children move from Assessment to IDCS", "IDCS", c.at("first_review"), S20_ASSESSMENT_DOCS, extra)
        : c.transfer("Section 20 cases move from Assessment to a Locality at the first review", "Locality", c.at("first_review"), S20_ASSESSMENT_DOCS, extra);
    }
    case "homeless_young_person": {
      if (f.section_20 === undefined) return needs("section_20");
      const requestBy = c.eventDate("vcm") ?? null;
      return f.section_20
        ? c.transfer("Homeless young people under Section 20 also need their LAC paperwork", "Locality", c.at("vcm", 3), HOMELESS_S20_DOCS, { requestBy })
        : c.transfer("Homeless young people move to a Locality", "Locality", c.at("vcm", 3), HOMELESS_DOCS, { requestBy });
    }
    case "child_protection":
    case "cre": {
      const idcs = c.idcsForProtection();
      if (idcs === undefined) return needs(f.harmed_child_disabled === undefined ? "harmed_child_disabled" : "children");
      const requestBy = c.eventDate("conference_booking") ?? null;
      return idcs
        ? c.transfer("Child protection and CRE cases where a disabled child was harmed move to IDCS", "IDCS", c.at("initial_conference"), PROTECTION_DOCS, { requestBy })
        : c.transfer("Child protection and CRE cases move to a Locality at the conference", "Locality", c.at("initial_conference"), PROTECTION_DOCS, { requestBy });
    }
    case "proceedings": {
      const idcs = c.idcsForLookedAfter();
      if (idcs === undefined) return needs(unknownForLookedAfter(c));
      const requestBy = c.eventDate("ccm") ?? null;
      return idcs
        ? c.transfer("Proceedings cases with as many disabled children move to IDCS", "IDCS", c.at("initial_hearing"), PROCEEDINGS_DOCS, { requestBy })
        : c.transfer("Proceedings cases move to a Locality from the initial hearing", "Locality", c.at("initial_hearing"), PROCEEDINGS_DOCS, { requestBy });
    }
    case "intentionally_homeless_or_refuge":
      return c.transfer("Intentionally homeless families and families in a refuge move to a Locality", "Locality", c.at("vcm", 3), HOMELESS_DOCS, {
        requestBy: c.eventDate("sa_completed") ?? null,
      });
    case "relinquished_baby":
      return relinquishedBaby(c);
    default:
      return OTHERWISE;
  }
}

function relinquishedBaby(c: DerbyCase): ComparedDecision {
  return c.transfer("Relinquished babies move to CiC", "CIC", c.at("vcm", 3), ["chronology", "genogram", ...FILE_IN_ORDER], {
    requestBy: c.eventDate("intent_established") ?? null,
  });
}

/** The one fact `idcsForLookedAfter` was missing. */
function unknownForLookedAfter(c: DerbyCase): string {
  const f = c.facts;
  if (f.placed_separately === undefined) return "placed_separately";
  return f.placed_separately ? "disabled" : "children";
}

function fromLocality(c: DerbyCase, caseType: string): ComparedDecision {
  const f = c.facts;
  switch (caseType) {
    case "relinquished_baby":
      return relinquishedBaby(c);
    case "s20":
    case "s20_family_breakdown": {
      if (caseType === "s20_family_breakdown") {
        if (f.remaining_in_care === undefined) return needs("remaining_in_care");
        if (!f.remaining_in_care) return remain("S20 family breakdown and homeless young people leaving care stay with the Locality");
      }
      const idcs = c.idcsForLookedAfter();
      if (idcs === undefined) return needs(unknownForLookedAfter(c));
      const review = c.eventDate("four_month_review");
      const extra = { requestBy: review === undefined ? null : addDays(review, -21) };
      return idcs
        ? c.transfer("Section 20 cases with as many disabled children move from a Locality to IDCS", "IDCS", c.at("four_month_review"), S20_LOCALITY_DOCS, extra)
        : c.transfer("Section 20 cases move from a Locality to CiC at the 4 month review", "CIC", c.at("four_month_review"), S20_LOCALITY_DOCS, extra);
    }
    case "care_proceedings_long_term": {
      if (f.removed_at_final_hearing === undefined) return needs("removed_at_final_hearing");
      if (f.removed_at_final_hearing) return referToDhos("Children only removed at the final hearing: the DHOS discuss the timing");
      const idcs = c.idcsForLookedAfter();
      if (idcs === undefined) return needs(unknownForLookedAfter(c));
      const hearing = c.eventDate("final_hearing");
      const extra = { requestBy: hearing === undefined ? null : addDays(hearing, -21) };
      return idcs
        ? c.transfer("Care proceedings for long-term care with as many disabled children move to IDCS", "IDCS", c.at("final_hearing", 3), LONG_TERM_DOCS, extra)
        : c.transfer("Care proceedings with a plan for long-term care move to CiC after the final order", "CIC", c.at("final_hearing", 3), LONG_TERM_DOCS, extra);
    }
    case "care_proceedings_adoption": {
      const adm = c.eventDate("adm_decision");
      return c.transfer("Care proceedings with a plan for adoption move to CiC at the final hearing", "CIC", c.at("final_hearing"), ADOPTION_DOCS, {
        requestBy: adm === undefined ? null : addDays(adm, -14),
        jointWorkFrom: adm ?? null,
      });
    }
    case "cin": {
      // A family that moved away goes there; otherwise a step down to Early Help; otherwise it stays.
      if (f.moved_to_other_authority === undefined) return needs("moved_to_other_authority");
      if (f.moved_to_other_authority) {
        const review = c.eventDate("cin_review");
        return c.transfer("Children in need moving to another authority transfer at the review", "OtherAuthority", c.at("cin_review"), MOVED_AWAY_DOCS, {
          requestBy: review === undefined ? null : addDays(review, -21),
        });
      }
      if (f.step_down_agreed === undefined) return needs("step_down_agreed");
      if (f.step_down_agreed) return c.transfer("Children in need step down to Early Help at the CiN review", "EarlyHelp", c.at("cin_review"), STEP_DOWN_DOCS);
      return remain("Cases that stay with the same Locality social worker until closure");
    }
    case "s20_rehab":
    case "placement_with_parents":
    case "cp_or_acyp":
      return remain("Cases that stay with the same Locality social worker until closure");
    case "plo_or_proceedings":
      return remain("No transfer during PLO or proceedings");
    case "level_2_mat":
      if (f.moved_to_other_authority === undefined) return needs("moved_to_other_authority");
      if (!f.moved_to_other_authority) return OTHERWISE;
      return c.transfer("Level 2 MAT cases moving to another authority transfer at the TAF", "OtherAuthority", c.at("taf"), ["eha"]);
    case "child_protection":
    case "cre": {
      // Appendix 1(b): Localities keep the family when more non-disabled children are on a plan.
      const disabledOnPlan = c.count((child) => child.has_disability === true && child.on_plan === true);
      const othersOnPlan = c.count((child) => child.has_disability === false && child.on_plan === true);
      if (disabledOnPlan === undefined || othersOnPlan === undefined) return needs("children");
      return othersOnPlan > disabledOnPlan ? remain("Localities keep the family when more non-disabled children are to be on a plan") : OTHERWISE;
    }
    default:
      return OTHERWISE;
  }
}

function fromIdcs(c: DerbyCase, caseType: string | undefined): ComparedDecision {
  // Appendix 1(a): IDCS keeps a child protection family when as many disabled children are to be on
  // a plan, and hands key worker responsibility to a Locality when more non-disabled children are.
  if (caseType !== undefined && caseType !== "child_protection" && caseType !== "cre") return OTHERWISE;
  const children = c.facts.children;
  if (children === undefined) return needs("children");
  const disabledOnPlan = children.filter((child) => child.has_disability === true && child.on_plan === true).length;
  const othersOnPlan = children.filter((child) => child.has_disability === false && child.on_plan === true).length;
  const anyOnPlan = children.some((child) => child.on_plan === true);
  if (disabledOnPlan < othersOnPlan) {
    if (caseType === undefined) return needs("case_type");
    return c.transfer("Localities take key worker responsibility when more non-disabled children are to be on a plan", "Locality", c.at("initial_conference"), KEY_WORKER_DOCS);
  }
  if (!anyOnPlan) return OTHERWISE;
  if (caseType === undefined) return needs("case_type");
  return remain("IDCS keeps the family when as many disabled children are to be on a plan");
}

function fromCicOrLacExit(c: DerbyCase, caseType: string): ComparedDecision {
  switch (caseType) {
    case "s20_rehab_complex": {
      // "CiC to book complex CiN review no later than 12 weeks after they have returned home".
      const home = c.facts.returned_home;
      return c.transfer("Complex S20 rehabs and care order revocations move to a Locality at the CiN review", "Locality", c.at("cin_review"), REHAB_DOCS, {
        requestBy: home === undefined ? null : addDays(home, 12 * 7),
        needs: home === undefined ? ["returned_home"] : [],
      });
    }
    case "care_order_placed_with_parent":
      return referToDhos("Care orders placed with parent with no prospect of discharge are reviewed by the DHOS");
    default:
      return OTHERWISE;
  }
}
