// "Did you mean ...?" for names in a protocol: the runtime's, which `validate` uses for case records too.
export { closestName, editDistance, suggestionBudget, type SuggestionBudget } from "@baton/runtime";
