import { join } from 'node:path';
import { loadPractice, type Practice } from '../../../src/server/practice.js';

/** Absolute path of the shipped demo practice. */
export const demoPracticePath = join(import.meta.dirname, '..', '..', '..', 'demo', 'practice.json');

/** The demo practice, validated. */
export const demoPractice = (): Practice => loadPractice(demoPracticePath);
