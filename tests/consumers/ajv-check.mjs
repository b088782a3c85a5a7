// ajv 8 in its default (strict) mode, with ajv-formats: compile the schema
// given as the first argument, then validate each record file after it.
//
// Prints one line per record, "valid PATH" or "invalid PATH N" followed by
// one line per error ("  POINTER KEYWORD MESSAGE"), and one line per
// warning ajv logs while compiling ("warning ..."). Exit status: 0 when the
// schema compiled without a warning and every record is valid, 1 when a
// record is invalid, 2 when the schema does not compile or ajv warned.
import { readFileSync } from "node:fs";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const [schemaPath, ...records] = process.argv.slice(2);
const warnings = [];
// The default options, except that warnings are collected to be counted
// (ajv would print them with console.warn and carry on).
const logger = {
  log: console.log,
  warn: (...args) => warnings.push(args.join(" ")),
  error: console.error,
};
const ajv = new Ajv2020({ logger });
addFormats(ajv);
let validate;
try {
  validate = ajv.compile(JSON.parse(readFileSync(schemaPath, "utf8")));
} catch (e) {
  console.log(`schema error ${e.message}`);
  process.exit(2);
}
for (const w of warnings) console.log(`warning ${w}`);
let invalid = 0;
for (const path of records) {
  const record = JSON.parse(readFileSync(path, "utf8"));
  if (validate(record)) {
    console.log(`valid ${path}`);
  } else {
    invalid += 1;
    console.log(`invalid ${path} ${validate.errors.length}`);
    for (const e of validate.errors) {
      console.log(`  ${e.instancePath || "/"} ${e.keyword} ${e.message}`);
    }
  }
}
process.exit(warnings.length > 0 ? 2 : invalid > 0 ? 1 : 0);
