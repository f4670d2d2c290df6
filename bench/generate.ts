// Generates realistic protocols of any size for timing the compiler: teams, enumerations, facts,
// lets, events and documents, and rules using every clause, with exception chains and tests.

export interface GeneratedProtocol {
  text: string;
  rules: number;
  lines: number;
}

export function generateProtocol(ruleCount: number): GeneratedProtocol {
  const teams = ["RAT", "CIN", "CIC", "Plus16", "CWD", "LeavingCare", "FrontDoor", "Fostering"];
  const lines: string[] = [
    `protocol Generated "A generated protocol of ${ruleCount} rules"`,
    `  version "1.0"`,
    `  calendar england-and-wales`,
    `  notice 2 weeks`,
    `  otherwise refer to TransferPanel`,
    ``,
  ];
  for (const team of teams) lines.push(`team ${team} "The ${team} team"`);
  lines.push(`panel TransferPanel "Transfer Panel"`, ``);
  lines.push(`type Plan: one of child_protection, child_in_need, looked_after, none`);
  lines.push(`type Child: record`, `  disabled: yes/no "Has a disability"`, `  age: number "Age in years"`, ``);
  lines.push(`fact plan: Plan "The child's current plan"`);
  lines.push(`fact proceedings: yes/no "Care proceedings have begun"`);
  lines.push(`fact date_of_birth: date "Date of birth"`);
  lines.push(`fact closure_date: date "When the case was last closed"`);
  lines.push(`fact siblings: list of Child "Brothers and sisters"`);
  lines.push(`fact last_team: team "The team that last held the case"`);
  lines.push(`let age = time since date_of_birth`);
  lines.push(`let rereferral = time since closure_date < 8 weeks`, ``);
  lines.push(`event conference "Child Protection Conference"`, `event review "Review"`, ``);
  lines.push(`document assessment "Assessment"`, `document chronology "Chronology"`, ``);
  const plans = ["child_protection", "child_in_need", "looked_after", "none"];
  for (let i = 0; i < ruleCount; i++) {
    const from = teams[i % teams.length]!;
    const to = teams[(i + 1) % teams.length]!;
    const plan = plans[i % plans.length]!;
    lines.push(`rule "Rule ${i}: ${plan} cases move from ${from} to ${to}"`);
    lines.push(`  source "Section ${Math.floor(i / 10) + 1}, table ${i % 10}, row ${i}"`);
    if (i % 5 === 4) lines.push(`  exception to "Rule ${i - 1}: ${plans[(i - 1) % plans.length]} cases move from ${teams[(i - 1) % teams.length]} to ${teams[i % teams.length]}"`);
    switch (i % 4) {
      case 0:
        lines.push(`  when plan is ${plan} and (proceedings or age < ${10 + (i % 8)} years)`);
        lines.push(`  transfer from ${from} to ${to} at conference`);
        break;
      case 1:
        lines.push(`  when plan is one of ${plan}, none and (count siblings where disabled) > ${i % 3}`);
        lines.push(`  unless rereferral`);
        lines.push(`  transfer from ${from} to ${to} within ${1 + (i % 9)} working days of review`);
        break;
      case 2:
        lines.push(`  when not proceedings and date_of_birth + ${15 + (i % 3)} years 9 months <= today`);
        lines.push(`  transfer from ${from} to ${to} on date_of_birth + 16 years joint work 4 weeks before date_of_birth + 16 years`);
        break;
      default:
        lines.push(`  when (any siblings where age < 5) or current team is ${from}`);
        lines.push(`  transfer from ${from} to last_team 2 weeks after conference`);
        lines.push(`  request immediately`);
    }
    lines.push(`  requires assessment, chronology`);
    lines.push(`  because "Reason ${i}: the needs of the child are best met by the ${to} team."`, ``);
  }
  for (let i = 0; i < Math.max(1, Math.floor(ruleCount / 10)); i++) {
    lines.push(`test "Test ${i}"`, `  today 2026-01-12`, `  team RAT`);
    lines.push(`  given plan = child_protection, proceedings = no, date_of_birth = 2012-03-04`);
    lines.push(`  given siblings = [{disabled = yes, age = 3}, {disabled = no, age = 9}]`);
    lines.push(`  given conference held on 2026-01-10`, `  given assessment complete`);
    lines.push(`  expect transfer to CIN on 2026-01-10`, ``);
  }
  const text = lines.join("\n");
  return { text, rules: ruleCount, lines: lines.length };
}
