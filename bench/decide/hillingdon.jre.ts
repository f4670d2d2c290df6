// Hillingdon's rules as json-rules-engine conditions, written by hand from
// examples/hillingdon.baton (one entry per rule, in negation normal form: see jre.ts). The sibling
// group and the time the Intake Team has held the case are derived facts.
import type { CaseRecord } from "./common.js";
import { daysBetween } from "./hand-dates.js";
import { all, is, isNot, lessThan, teamIs, type Condition, type JreProtocol } from "./jre.js";

type Children = { status?: string }[] | undefined;

const anyChild = (status: string) => (record: CaseRecord) => (record.facts["children"] as Children)?.some((child) => child.status === status);

const conditions: Record<string, Condition> = {
  "Child protection cases move to CIN": all(teamIs("RAT"), is("plan", "child_protection")),
  "Proceedings began: move to CIC at the first review conference": all(teamIs("RAT"), is("plan", "child_protection"), is("proceedings_likely", true), is("proceedings", true)),
  "No proceedings needed: move to CIN at the first review conference": all(teamIs("RAT"), is("plan", "child_protection"), is("proceedings_likely", true), is("proceedings", false)),
  "Emergency proceedings before the initial conference: move to CIC": all(teamIs("RAT"), is("plan", "child_protection"), is("emergency_proceedings", true)),
  "Children in need with a further plan move to CIN": all(teamIs("RAT"), is("plan", "child_in_need"), is("further_cin_plan", true)),
  "Cases needing a Core Assessment move to CIN within a week": all(teamIs("RAT"), isNot("plan", "child_protection"), is("core_assessment_needed", true)),
  "Accommodated children move to CIC": all(teamIs("RAT"), is("care_status", "section_20")),
  "Relinquished babies move to CIC after the Initial Assessment": all(teamIs("RAT"), is("relinquished", true)),
  "Relinquished babies referred at birth move to CIC at the first review": all(teamIs("RAT"), is("relinquished", true), is("late_referral", true)),
  "Heathrow children returning to their country of origin move to CIC": all(teamIs("Intake"), is("return_to_origin", true)),
  "The Intake Team holds Heathrow children for up to two weeks": all(teamIs("Intake"), is("reuniting_complete", false), lessThan("days_since_allocation", 14)),
  "High-need young people in the CIN Team move to the 16+ Team": all(teamIs("CIN"), is("high_needs", true)),
  "CIN Team cases entering care proceedings move to CIC": all(teamIs("CIN"), is("proceedings", true)),
  "Accommodated young people move to the 16+ Team": all(teamIs("CIC"), is("care_status", "section_20")),
  "Young people on a care order move to the 16+ Team after their 16th birthday": all(teamIs("CIC"), is("care_status", "care_order")),
  "Children home for six months move from CIC to CIN": all(teamIs("CIC"), is("care_status", "returned_home"), is("ongoing_cin_work", true)),
  "Unborn children of families already open stay with the allocated worker": all(is("unborn", true), teamIs("CIN", "CIC")),
  "Unborn children whose older siblings were adopted go to the Transfer Panel": all(is("unborn", true), is("siblings_adopted", true), teamIs("CIN", "CIC")),
  "Sibling groups both looked after and in need go to the Transfer Panel": all(is("any_looked_after", true), is("any_in_need", true)),
};

export const hillingdonJre: JreProtocol = {
  conditions,
  derived: {
    any_looked_after: anyChild("looked_after"),
    any_in_need: anyChild("in_need"),
    days_since_allocation: (record, today) => {
      const allocation = record.events["allocation"];
      const date = allocation?.held ?? allocation?.scheduled;
      return date === undefined ? undefined : daysBetween(date, today);
    },
  },
};
