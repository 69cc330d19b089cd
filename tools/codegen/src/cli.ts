#!/usr/bin/env node
import { main } from "./run-cli.ts";

process.exitCode = main(process.argv.slice(2));
