// Hillingdon's rules as one FEEL context, written by hand from examples/hillingdon.baton: the
// derived values first, then one condition per rule, in rule order (see feel.ts).
import type { FeelProtocol } from "./feel.js";

const expression = `{
  is: function(x, v) if x = null then null else x = v,
  mixed_sibling_group: (some child in children satisfies child.status = "looked_after") and (some child in children satisfies child.status = "in_need"),
  held_under_two_weeks: date(allocation) + duration("P14D") > date(today),
  applies: [
    team = "RAT" and is(plan, "child_protection"),
    team = "RAT" and is(plan, "child_protection") and proceedings_likely and proceedings,
    team = "RAT" and is(plan, "child_protection") and proceedings_likely and not(proceedings),
    team = "RAT" and is(plan, "child_protection") and emergency_proceedings,
    team = "RAT" and is(plan, "child_in_need") and further_cin_plan,
    team = "RAT" and not(is(plan, "child_protection")) and core_assessment_needed,
    team = "RAT" and is(care_status, "section_20"),
    team = "RAT" and relinquished,
    team = "RAT" and relinquished and late_referral,
    team = "Intake" and return_to_origin,
    team = "Intake" and not(reuniting_complete) and held_under_two_weeks,
    team = "CIN" and high_needs,
    team = "CIN" and proceedings,
    team = "CIC" and is(care_status, "section_20"),
    team = "CIC" and is(care_status, "care_order"),
    team = "CIC" and is(care_status, "returned_home") and ongoing_cin_work,
    unborn and list contains(["CIN", "CIC"], team),
    unborn and siblings_adopted and list contains(["CIN", "CIC"], team),
    mixed_sibling_group
  ]
}.applies`;

export const hillingdonFeel: FeelProtocol = {
  expression,
  context: (record) => {
    const allocation = record.events["allocation"];
    return { allocation: allocation?.held ?? allocation?.scheduled ?? null };
  },
};
