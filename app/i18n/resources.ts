import cy from "./locales/cy.json";
import en from "./locales/en-GB.json";

export const resources = {
  "en-GB": { translation: en },
  cy: { translation: cy },
};
