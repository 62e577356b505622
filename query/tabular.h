// Spreadsheet output: the records of a query's JSON answer (query/JSON.md) as
// TSV or CSV, one row per record, with a header, nothing cut.
//
// Columns come from the records' keys, flattened by one rule (query/JSON.md,
// "Spreadsheet output"), so a row says exactly what `--json` says:
// - a string, number or boolean is the cell (null is empty);
// - an object adds its keys under `key.`: `agent.id`, `agent.label`;
// - a list of strings or numbers is one cell, joined by ";";
// - a list of flat objects (their values all strings, numbers, booleans or
//   null) adds one column per key, `via.id`, each cell joined by ";" in list
//   order (a null or missing value an empty item, so positions line up);
// - any other list (lists of lists, objects holding lists) is one cell of
//   compact JSON.
// The kind of a list is decided over all records; columns are in first-seen
// order. CSV follows RFC 4180 (CRLF rows; a cell with a comma, quote, CR or LF
// quoted, quotes doubled); TSV cannot quote, so tabs and line breaks inside a
// cell become spaces. An answer without records prints nothing.
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "graph/status.h"

namespace lg::query {

enum class Delimited { kTsv, kCsv };

// The rows of the records listed under `list_key` of `json` (one answer
// object). Error: InvalidArgument "query: ..." when `json` is not an object
// with an array under `list_key`, or a record is not an object.
Result<std::string> DelimitedRows(std::string_view json, std::string_view list_key,
                                  Delimited format);

}  // namespace lg::query
