export * from "./organisation";
export * from "./user";
export * from "./membership";
export * from "./auth";
export * from "./audit";
export * from "../enums";
export * from "./learning";
