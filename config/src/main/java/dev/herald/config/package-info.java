/**
 * The one YAML file parsed into immutable records; every error names FILE:LINE:COLUMN.
 * docs/config.md is the reference, and a test keeps it true to these records.
 */
package dev.herald.config;
