// Derby's rules as json-rules-engine conditions, written by hand from examples/derby.baton (one
// entry per rule, in negation normal form: see jre.ts). Appendix 1's counts of children are
// derived facts.
import type { CaseRecord } from "./common.js";
import { all, any, atLeast, is, isOneOf, lessThan, moreThan, teamIs, type Condition, type JreProtocol } from "./jre.js";

interface Child {
  has_disability?: boolean;
  on_plan?: boolean;
}

const countChildren = (test: (child: Child) => boolean) => (record: CaseRecord) => (record.facts["children"] as Child[] | undefined)?.filter(test).length;

const caseType = (...types: string[]) => (types.length === 1 ? is("case_type", types[0]) : isOneOf("case_type", ...types));
const cpOrCre = caseType("child_protection", "cre");
/** Appendix 1, CIN: as many or more disabled children. */
const idcsForChildInNeed = atLeast("disabled_children", "other_children");
/** Appendix 1, LAC. */
const idcsForLookedAfter = any(all(is("placed_separately", false), idcsForChildInNeed), all(is("placed_separately", true), is("disabled", true)));
/** Appendix 1, 1(a). */
const idcsForProtection = all(is("harmed_child_disabled", true), atLeast("disabled_on_plan", "others_on_plan"));
const s20LookedAfter = any(caseType("s20"), all(caseType("s20_family_breakdown"), is("remaining_in_care", true)));

const conditions: Record<string, Condition> = {
  "Asylum seeking children accommodated under Section 20 go to CiC": all(teamIs("IRT"), caseType("asylum_seeking_s20")),
  "Intensive level 3 cases move to a Locality": all(teamIs("Assessment"), caseType("intensive_level_3")),
  "Intensive level 3 cases with as many disabled children move to IDCS": all(teamIs("Assessment"), caseType("intensive_level_3"), idcsForChildInNeed),
  "Section 20 cases move from Assessment to a Locality at the first review": all(teamIs("Assessment"), caseType("s20")),
  "Section 20 cases with as many disabled children move from Assessment to IDCS": all(teamIs("Assessment"), caseType("s20"), idcsForLookedAfter),
  "Homeless young people are held by an Assessment worker in the interim": all(teamIs("IRT"), caseType("homeless_young_person")),
  "Homeless young people move to a Locality": all(teamIs("Assessment"), caseType("homeless_young_person")),
  "Homeless young people under Section 20 also need their LAC paperwork": all(teamIs("Assessment"), caseType("homeless_young_person"), is("section_20", true)),
  "Child protection and CRE cases move to a Locality at the conference": all(teamIs("Assessment"), cpOrCre),
  "Child protection and CRE cases where a disabled child was harmed move to IDCS": all(teamIs("Assessment"), cpOrCre, idcsForProtection),
  "Proceedings cases move to a Locality from the initial hearing": all(teamIs("Assessment"), caseType("proceedings")),
  "Proceedings cases with as many disabled children move to IDCS": all(teamIs("Assessment"), caseType("proceedings"), idcsForLookedAfter),
  "Unborn babies likely to need an assessment move to a Locality": all(teamIs("IRT"), caseType("unborn"), is("sa_likely", true)),
  "Intentionally homeless families and families in a refuge move to a Locality": all(teamIs("Assessment"), caseType("intentionally_homeless_or_refuge")),
  "Section 37 or Section 7 reports on unknown or closed cases go to a Locality at once": all(teamIs("IRT"), caseType("court_report")),
  "Families with no recourse to public funds are joint worked by a Locality from arrival": all(teamIs("IRT"), caseType("nrpf")),
  "Relinquished babies move to CiC": all(teamIs("Locality", "Assessment"), caseType("relinquished_baby")),
  "Section 20 cases move from a Locality to CiC at the 4 month review": all(teamIs("Locality"), s20LookedAfter),
  "Section 20 cases with as many disabled children move from a Locality to IDCS": all(teamIs("Locality"), s20LookedAfter, idcsForLookedAfter),
  "S20 family breakdown and homeless young people leaving care stay with the Locality": all(teamIs("Locality"), caseType("s20_family_breakdown"), is("remaining_in_care", false)),
  "Care proceedings with a plan for long-term care move to CiC after the final order": all(teamIs("Locality"), caseType("care_proceedings_long_term")),
  "Care proceedings for long-term care with as many disabled children move to IDCS": all(teamIs("Locality"), caseType("care_proceedings_long_term"), idcsForLookedAfter),
  "Children only removed at the final hearing: the DHOS discuss the timing": all(teamIs("Locality"), caseType("care_proceedings_long_term"), is("removed_at_final_hearing", true)),
  "Care proceedings with a plan for adoption move to CiC at the final hearing": all(teamIs("Locality"), caseType("care_proceedings_adoption")),
  "Cases that stay with the same Locality social worker until closure": all(teamIs("Locality"), caseType("s20_rehab", "placement_with_parents", "cin", "cp_or_acyp")),
  "No transfer during PLO or proceedings": all(teamIs("Locality"), caseType("plo_or_proceedings")),
  "Children in need step down to Early Help at the CiN review": all(teamIs("Locality"), caseType("cin"), is("step_down_agreed", true)),
  "Children in need moving to another authority transfer at the review": all(teamIs("Locality"), caseType("cin"), is("moved_to_other_authority", true)),
  "Level 2 MAT cases moving to another authority transfer at the TAF": all(teamIs("Locality"), caseType("level_2_mat"), is("moved_to_other_authority", true)),
  "Prospective reunifications are reviewed by the DHOS": all(teamIs("CIC"), caseType("prospective_reunification")),
  "Unborn babies of former looked after children move to a Locality": all(teamIs("LeavingCare"), caseType("unborn_of_former_looked_after_parent")),
  "CiC keeps unborn babies of looked after children when there are no safeguarding concerns": all(teamIs("CIC"), caseType("unborn_of_looked_after_parent"), is("safeguarding_concerns", false)),
  "Unborn babies of looked after children with safeguarding concerns move to a Locality": all(teamIs("CIC"), caseType("unborn_of_looked_after_parent"), is("safeguarding_concerns", true)),
  "Complex S20 rehabs and care order revocations move to a Locality at the CiN review": all(teamIs("CIC", "LACExit"), caseType("s20_rehab_complex")),
  "Placement with parent breakdowns move to CiC at the first review": all(teamIs("LACExit"), caseType("pwp_reunification_breakdown")),
  "Care orders placed with parent with no prospect of discharge are reviewed by the DHOS": all(teamIs("LACExit", "CIC"), caseType("care_order_placed_with_parent")),
  "A disabled child allegedly harmed in a closed or unknown family: IDCS investigates": all(teamIs("IRT"), cpOrCre, is("family_closed_or_unknown", true), is("harmed_child_disabled", true)),
  "A non-disabled child allegedly harmed in a closed or unknown family: Localities investigate": all(teamIs("IRT"), cpOrCre, is("family_closed_or_unknown", true), is("harmed_child_disabled", false)),
  "IDCS keeps the family when as many disabled children are to be on a plan": all(teamIs("IDCS"), cpOrCre, is("any_on_plan", true), atLeast("disabled_on_plan", "others_on_plan")),
  "Localities take key worker responsibility when more non-disabled children are to be on a plan": all(teamIs("IDCS"), cpOrCre, lessThanFact("disabled_on_plan", "others_on_plan")),
  "Localities keep the family when more non-disabled children are to be on a plan": all(teamIs("Locality"), cpOrCre, moreThan("others_on_plan", "disabled_on_plan")),
};

function lessThanFact(fact: string, other: string) {
  return lessThan(fact, { fact: other });
}

export const derbyJre: JreProtocol = {
  conditions,
  derived: {
    disabled_children: countChildren((child) => child.has_disability === true),
    other_children: countChildren((child) => child.has_disability === false),
    disabled_on_plan: countChildren((child) => child.has_disability === true && child.on_plan === true),
    others_on_plan: countChildren((child) => child.has_disability === false && child.on_plan === true),
    any_on_plan: (record) => {
      const children = record.facts["children"] as Child[] | undefined;
      return children === undefined ? undefined : children.some((child) => child.on_plan === true);
    },
  },
};
