/**
 * The Ajv class of each JSON Schema draft, as named exports of an ES module of the SDK. Ajv is
 * CommonJS: `(await import("ajv")).Ajv` works in Node, but a bundler that splits a dynamically
 * imported CommonJS module into its own chunk may expose only its `default`. Importing the classes
 * statically here, and this module dynamically, works the same everywhere.
 */
export { Ajv } from "ajv";
export { Ajv2019 } from "ajv/dist/2019.js";
export { Ajv2020 } from "ajv/dist/2020.js";
