#!/usr/bin/env node
import { main } from '../dist/mamx.js';

await main();
