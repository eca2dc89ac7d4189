/** Types of scripts/generate-grammar.mjs for the grammar test. */
export declare const grammar: object;
export declare const grammarText: string;
