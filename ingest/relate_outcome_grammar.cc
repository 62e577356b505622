// The outcome grammar (see relate_internal.h), one function per step,
// each tested on its own (tests/ingest/relate_outcomes_test.cc):
//   FindOutcomeMeasures  the endpoints, spelled out and abbreviated
//   MaskNonValues        what is never a value (CI, HR, p, +/-, follow-up)
//   FindOutcomeValues    percent and time values, "A vs. B months" pairs
//   OutcomeHorizon       "5-year", "3-y", "two-year", "at 24 months"
//   PairOutcomes         which measure each value belongs to
// RelateOutcomes (relate_outcomes.cc) runs them per sentence.
#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <memory>
#include <set>

#include "ingest/relate_internal.h"

namespace lg::ingest::relate_internal {

namespace {

// Which of a list of patterns match somewhere in a text, by one scan of an
// RE2::Set (default options, unanchored) instead of one search per pattern:
// a pattern it rules out need not be searched. A pattern with '^' or '$' is
// left out of the set and always may match; so does every pattern when the
// set does not compile, or runs out of memory on a text.
class PatternGate {
 public:
  explicit PatternGate(const std::vector<std::string>& patterns)
      : size_(patterns.size()),
        set_(std::make_unique<RE2::Set>(RE2::DefaultOptions, RE2::UNANCHORED)) {
    for (size_t i = 0; i < patterns.size(); ++i) {
      if (patterns[i].find_first_of("^$") != std::string::npos) continue;
      if (set_->Add(patterns[i], nullptr) != static_cast<int>(in_set_.size())) {
        set_.reset();
        return;
      }
      in_set_.push_back(i);
    }
    if (!set_->Compile()) set_.reset();
  }

  // For each pattern, false when it matches nowhere in `text`.
  std::vector<bool> MayMatch(std::string_view text) const {
    std::vector<bool> may(size_, true);
    if (!set_) return may;
    std::vector<int> matched;
    RE2::Set::ErrorInfo error{RE2::Set::kNoError};
    if (!set_->Match(re2::StringPiece(text.data(), text.size()), &matched, &error) &&
        error.kind != RE2::Set::kNoError) {
      return may;
    }
    for (size_t i : in_set_) may[i] = false;
    for (int k : matched) may[in_set_[k]] = true;
    return may;
  }

 private:
  size_t size_;
  std::unique_ptr<RE2::Set> set_;
  std::vector<size_t> in_set_;  // set index -> pattern index
};

}  // namespace

// ---------------------------------------------------------------- measures

std::vector<OutcomeMeasure> FindOutcomeMeasures(std::string_view s, size_t base) {
  struct Pattern {
    const char* re;
    const char* measure;  // "" blocks the span: a survival that is no endpoint here
  };
  // Earlier patterns win where spans overlap: composites and long forms
  // before their parts ("CR/CRi" before "CR", "progression-free survival"
  // before "survival").
  static const std::vector<Pattern> kPatterns = {
      {R"((?i)\b(event[- ]free survival)\b)", "EFS"},
      {R"(\b(EFS)\b)", "EFS"},
      {R"((?i)\b((?:relapse|recurrence)[- ]free survival)\b)", "RFS"},
      {R"(\b(RFS)\b)", "RFS"},
      {R"((?i)\b(leuka?emia[- ]free survival)\b)", "LFS"},
      {R"(\b(LFS)\b)", "LFS"},
      {R"((?i)\b(disease[- ]free survival)\b)", "DFS"},
      {R"(\b(DFS)\b)", "DFS"},
      {R"((?i)\b(progression[- ]free survival)\b)", "PFS"},
      {R"(\b(PFS)\b)", "PFS"},
      {R"((?i)\b(treatment[- ]free survival)\b)", "TFS"},
      {R"(\b(TFS)\b)", "TFS"},
      {R"((?i)\b([a-z]+[- ]free survival|survival benefit|survival advantage)\b)", ""},
      {R"((?i)\b(time to (?:the )?next (?:treatment|therapy))\b)", "TTNT"},
      {R"(\b(TTNT)\b)", "TTNT"},
      {R"((?i)\b(time[- ]to[- ](?:(?:tumou?r|disease)[- ])?progression)\b)", "TTP"},
      {R"(\b(TTP)\b)", "TTP"},
      {R"((?i)\b(duration of (?:the )?(?:response|remission)|response duration)\b)",
       "DOR"},
      {R"(\b(DOR|DoR)\b)", "DOR"},
      {R"((?i)\b((?:treatment|transplant(?:ation)?)[- ]related (?:mortality|deaths?))\b)",
       "TRM"},
      {R"(\b(TRM)\b)", "TRM"},
      {R"((?i)\b(induction (?:deaths?|mortality)|deaths? during induction)\b)",
       "induction death"},
      {R"((?i)\b((?:\d+-day\s+)?(?:post-?operative|operative|surgical) (?:mortality|deaths?)|died within \d+ days of (?:the )?(?:surgery|operation|resection))\b)",
       "post-operative mortality"},
      {R"((?i)\b(alive (?:and )?(?:without|free of|free from) (?:disease )?progression)\b)",
       "PFS"},
      {R"((?i)\b((?:were|was|remained|are|is) alive)\b)", "OS"},
      {R"((?i)\b(overall survival)\b)", "OS"},
      {R"(\b(OS)\b)", "OS"},
      {R"((?i)\b(survival(?: rate)?(?: after relapse)?)\b)", "OS"},
      {R"((?i)\b(MRD[- ]negative complete (?:remission|response)|complete (?:remission|response) with negative MRD|MRD[- ]negativity|MRD[- ]negative(?: (?:remission|response|rate))?|negative MRD|MRD[- ]free)\b)",
       "MRD-negativity"},
      {R"((?i)\b((?:partial or complete )?MRD response(?: rate)?)\b)", "MRD response"},
      {R"((?i)\b(undetectable (?:MRD|measurable residual disease|minimal residual disease))\b)",
       "undetectable MRD"},
      {R"(\b(CR\s*(?:/|\+|or)\s*CRi\b|CR\s*(?:/|\+|or)\s*CR-i\b|CR or CR with incomplete (?:\w+ ){0,2}recovery(?: \(CR-?i\))?))",
       "CR/CRi"},
      {R"(\b(CR\s*(?:/|\+|or)\s*CRh)\b)", "CR/CRh"},
      {R"((?i)\b(complete (?:remission|response) (?:with|and) incomplete (?:\w+ ){0,2}recovery|complete (?:remission|response) with incomplete (?:\w+ ){0,2}recovery)\b)",
       "CRi"},
      {R"(\b(CRi|CR-i)\b)", "CRi"},
      {R"((?i)\b(complete (?:remission|response) with partial (?:\w+ ){0,2}recovery)\b)",
       "CRh"},
      {R"(\b(CRh)\b)", "CRh"},
      {R"((?i)\b(patho(?:logic|logical) complete (?:response|remission))\b)", "pCR"},
      {R"(\b(pCR)\b)", "pCR"},
      {R"((?i)\b(complete (?:hematologic|haematologic)(?:al)? (?:response|remission))\b)",
       "CHR"},
      {R"(\b(CHR)\b)", "CHR"},
      {R"((?i)\b(complete cytogenetic (?:response|remission))\b)", "CCyR"},
      {R"(\b(CCyR)\b)", "CCyR"},
      {R"((?i)\b(major molecular (?:response|remission))\b)", "MMR"},
      {R"(\b(MMR)\b)", "MMR"},
      {R"(\b(n-?PR|(?i:nodular (?:PR|partial (?:response|remission))))\b)", "nPR"},
      {R"(\b(CCR|(?i:clinical) CR|(?i:clinical complete (?:response|remission)))\b)",
       "CCR"},
      {R"((?i)\b(complete (?:remission|response)(?: rate)?|second remission)\b)", "CR"},
      {R"(\b(CR rate|CR)\b)", "CR"},
      {R"((?i)\b(partial (?:response|remission)(?: rate)?)\b)", "PR"},
      {R"(\b(PR)\b)", "PR"},
      {R"((?i)\b(stable disease)\b)", "SD"},
      // "SD" alone in a table cell: stable disease (elsewhere it may be a
      // standard deviation).
      {R"((?:^|[|\t])\s*(SD)\s*(?:[|\t]|$))", "SD"},
      {R"((?i)\b(disease control(?: rate)?)\b)", "DCR"},
      {R"(\b(DCR)\b)", "DCR"},
      {R"((?i)\b((?:overall|objective) (?:response|remission)(?: rate)?s?|response rates?)\b)",
       "ORR"},
      {R"(\b(ORR)\b)", "ORR"},
      {R"((?i)\b(relapse rate|cumulative incidence of relapse)\b)", "relapse rate"},
      {R"((?i)\b(patho(?:logic|logical) (?:tumou?r )?(?:responses?|regression))\b)",
       "pathological response"},
      {R"(\b(R0(?: (?i:resections?|resection rate))?)\b)", "R0 resection"},
      {R"((?i)\b(patients responding|RECIST responses?)\b)", "ORR"},
  };
  static const std::vector<std::unique_ptr<RE2>> kCompiled = [] {
    std::vector<std::unique_ptr<RE2>> out;
    for (const auto& p : kPatterns) out.push_back(std::make_unique<RE2>(p.re));
    return out;
  }();
  static const PatternGate kGate = [] {
    std::vector<std::string> res;
    for (const auto& p : kPatterns) res.push_back(p.re);
    return PatternGate(res);
  }();
  const std::vector<bool> search = kGate.MayMatch(s);
  std::vector<OutcomeMeasure> hits;
  for (size_t i = 0; i < kPatterns.size(); ++i) {
    if (!search[i]) continue;
    re2::StringPiece input(s.data(), s.size());
    re2::StringPiece m;
    while (RE2::FindAndConsume(&input, *kCompiled[i], &m)) {
      size_t b = m.data() - s.data(), e = b + m.size();
      bool overlap = std::any_of(hits.begin(), hits.end(), [&](const OutcomeMeasure& h) {
        return b + base < h.end && h.begin < e + base;
      });
      if (overlap) continue;
      std::string measure = kPatterns[i].measure;
      // "ER/PR", "HR+/PR+": the progesterone receptor, not a response.
      if (measure == "PR") {
        std::string_view before = s.substr(b >= 3 ? b - 3 : 0, b >= 3 ? 3 : b);
        std::string_view after = s.substr(e, std::min<size_t>(1, s.size() - e));
        if (before.find('/') != std::string_view::npos ||
            before.find("ER") != std::string_view::npos || after == "+" || after == "-" ||
            after == "/") {
          continue;
        }
      }
      // "for patients with stable disease": a subgroup, not a measure.
      static const RE2 kSubgroup(
          R"((?i)(?:patients|those|subjects|cases)\s+(?:with|who had)\s+(?:an?\s+)?$)");
      if (RE2::PartialMatch(s.substr(b >= 30 ? b - 30 : 0, b >= 30 ? 30 : b), kSubgroup))
        continue;
      hits.push_back({b + base, e + base, measure, std::string(m)});
    }
  }
  hits.erase(std::remove_if(hits.begin(), hits.end(),
                            [](const OutcomeMeasure& h) { return h.measure.empty(); }),
             hits.end());
  std::sort(
      hits.begin(), hits.end(),
      [](const OutcomeMeasure& a, const OutcomeMeasure& b) { return a.begin < b.begin; });
  return hits;
}

// ---------------------------------------------------------------- values

namespace {

// A number as printed: "50", "50.3", "50·3" (U+00B7, the middle dot).
constexpr const char* kNum = R"((?:\d{1,4}(?:(?:\.|\x{00B7})\d+)?))";

std::string PlainNumber(std::string_view printed) {
  std::string out;
  for (size_t i = 0; i < printed.size(); ++i) {
    if (printed.substr(i, 2) == "\xC2\xB7") {
      out += '.';
      ++i;
    } else {
      out += printed[i];
    }
  }
  return out;
}

void Blank(std::string& s, size_t b, size_t e) {
  for (size_t i = b; i < e && i < s.size(); ++i) {
    if (s[i] != '\n') s[i] = ' ';
  }
}

// The spans of every match of `re` (one capturing group: the whole) in `s`.
// Asks RE2 for the whole match only, as FindAndConsume would consume it:
// the DFAs find it, no capturing engine runs.
std::vector<std::pair<size_t, size_t>> Spans(std::string_view s, const RE2& re) {
  std::vector<std::pair<size_t, size_t>> out;
  re2::StringPiece input(s.data(), s.size());
  re2::StringPiece m;
  while (re.Match(input, 0, input.size(), RE2::UNANCHORED, &m, 1)) {
    input.remove_prefix(size_t(m.data() + m.size() - input.data()));
    if (m.empty()) {
      if (input.empty()) break;
      input.remove_prefix(1);
      continue;
    }
    out.push_back({size_t(m.data() - s.data()), size_t(m.data() - s.data() + m.size())});
  }
  return out;
}

}  // namespace

std::string MaskNonValues(std::string_view s) {
  std::string out(s);
  std::string lower = Lower(s);
  // Parenthetical statistics: "(95% CI, 11.4-15.2)", "(HR, 0.62; P < .001)",
  // "(43.2-52.7)", "(IQR 27-50)".
  static const RE2 kStatOpen(
      R"(^\s*(?:\d{2}(?:(?:\.|\x{00B7})\d+)?\s?%\s?(?:ci|cri|confidence|credible)|ci\b|confidence|credible|hr\b|hrs?\w*\b|hazard|or\b|odds|rr\b|risk ratio|relative risk|p\s*(?:[=<>]|value)|p-value|iqr|interquartile|range\b|sd\b|se\b|\+/-|±|log-rank|\d+(?:(?:\.|\x{00B7})\d+)?\s*(?:-|to)\s*\d+(?:(?:\.|\x{00B7})\d+)?\s*%?\s*(?:[);\]]|$)))");
  for (size_t i = 0; i < lower.size(); ++i) {
    char open = lower[i];
    if (open != '(' && open != '[') continue;
    char close = open == '(' ? ')' : ']';
    int depth = 0;
    size_t j = i;
    for (; j < lower.size(); ++j) {
      if (lower[j] == open) ++depth;
      if (lower[j] == close && --depth == 0) break;
    }
    if (j >= lower.size()) continue;
    std::string_view content = std::string_view(lower).substr(i + 1, j - i - 1);
    if (RE2::PartialMatch(content, kStatOpen)) Blank(out, i, j + 1);
  }
  static const std::vector<std::unique_ptr<RE2>> kMasks = [] {
    std::string n = kNum;
    std::vector<std::string> res = {
        // "95% CI 45.5-54.9", "95% confidence interval, 0.5 to 0.9"
        n + R"(\s?%\s?(?:ci|cri|confidence interval|credible interval)\b[,:]?\s*(?:)" +
            n + R"(\s*%?\s*(?:-|to|,)\s*)" + n + R"(\s*%?)?)",
        // the ratio itself: "HR 1.08", "hazard ratio for death, 0.64"; "OR"
        // only right before its number ("OR, 1.2", "OR = 0.8"): the word "or"
        // is mostly a conjunction ("or BRAF variants had a PFS of 10.8 months")
        R"(\b(?:hr|rr|hazard ratio|odds ratio|risk ratio|relative risk)\b[^;)\]\d]{0,40})" +
            n + R"((?:\s*[^%\s\d.\x{00B7}]|\s*$))",
        R"(\bor\s*[,:=]?\s*)" + n + R"((?:\s*[^%\s\d.\x{00B7}]|\s*$))",
        R"(\bp\s*(?:=|<|>|<=|>=)\s*)" + n + "?" + R"((?:\.\d+)?)",
        // "88 ± 8%": the deviation goes, its '%' stays for the value
        R"((?:±|\+/-)\s*)" + n,
        // relative changes: "a 24% relative risk reduction", "improved by 6.3 months"
        n + R"(\s?%\s+(?:relative\s+)?(?:risk\s+)?(?:reduction|improvement|increase|decrease|lower|higher|fewer|more|power|significance|two-sided))",
        R"((?:reduc|improv|increas|decreas|prolong|extend)\w*\s+(?:\w+\s+){0,4}by\s+(?:approximately\s+|about\s+)?)" +
            n + R"(\s?(?:%|months?|weeks?|days?))",
        R"(\b(?:difference|delta)\s+(?:of\s+|was\s+|in\s+\w+\s+of\s+)?)" + n +
            R"(\s?(?:%|months?|weeks?|days?))",
        // follow-up, time points and durations: not values of a measure
        n + R"(\s*(?:months?|weeks?|days?|years?)\s+(?:from|after|since|post|of (?:treatment|therapy|follow-up))\b)",
        R"(follow-?up\b[^;.]{0,40}?)" + n + R"(\s*(?:months?|years?|weeks?|mo)\b)",
        R"(\b(?:at|by|after|within|beyond|over|for|every|up to|before|than)\s+(?:(?:least|about|approximately|a|median|of)\s+){0,2})" +
            n + R"(\s*(?:months?|weeks?|days?|years?)\b)",
    };
    std::vector<std::unique_ptr<RE2>> out;
    for (const std::string& re : res)
      out.push_back(std::make_unique<RE2>("(" + re + ")"));
    return out;
  }();
  static const PatternGate kMaskGate = [] {
    std::vector<std::string> res;
    for (const auto& re : kMasks) res.push_back(re->pattern());
    return PatternGate(res);
  }();
  const std::vector<bool> search = kMaskGate.MayMatch(lower);
  for (size_t i = 0; i < kMasks.size(); ++i) {
    if (!search[i]) continue;
    for (auto [b, e] : Spans(lower, *kMasks[i])) Blank(out, b, e);
  }
  return out;
}

std::vector<OutcomeValue> FindOutcomeValues(std::string_view s, size_t base,
                                            std::string* masked_out) {
  std::string own_masked;
  std::string& masked = masked_out ? *masked_out : own_masked;
  masked = MaskNonValues(s);
  static const RE2 kValue = [] {
    std::string n = kNum;
    std::string qual =
        R"((?i:~|>=|<=|>|<|up to |more than |less than |greater than |over |above |below |under |exceeding |exceeded |exceeds |at least |at most |approximately |about |around |nearly |almost |roughly ))";
    std::string time = R"((?i:months?|mos?\b\.?|weeks?|wks?\b|days?\b))";
    // whole, qualifier, value, "%", time unit, range end
    return RE2("((" + qual + "?)(" + n + R"()(?:\s*(%)|\s?()" + time +
               R"())(?:\s?(?:to|-)\s?()" + n + R"()\s?(?:%|)" + time + ")?)?)");
  }();
  // A bare number chained before a value with a unit: "9.2 vs. 6.1 months",
  // "10, 12, and 14 months" (searched at the end of the text before it).
  static const RE2 kChained = [] {
    std::string n = kNum;
    return RE2(
        R"((?:^|[^\w.\x{00B7}])()" + n +
        R"()\s*(?:,\s*(?:and\s+|or\s+)?|\s+(?:vs\.?|versus|and|or|compared with)\s+)$)");
  }();
  std::vector<OutcomeValue> hits;
  re2::StringPiece input(masked.data(), masked.size());
  re2::StringPiece whole, qual, value, pct, time, value_max;
  while (RE2::FindAndConsume(&input, kValue, &whole, &qual, &value, &pct, &time,
                             &value_max)) {
    size_t b = whole.data() - masked.data(), e = b + whole.size();
    size_t vb = value.data() - masked.data();
    // Part of a larger token ("1.5", "A1", "10^9"): no value.
    if (vb > 0 &&
        (std::isalnum(static_cast<unsigned char>(masked[vb - 1])) ||
         masked[vb - 1] == '.' || masked[vb - 1] == '^' || masked[vb - 1] == '-')) {
      if (qual.empty()) continue;
    }
    OutcomeValue h;
    h.begin = b + base;
    h.end = e + base;
    h.value = PlainNumber(value);
    h.value_max = PlainNumber(value_max);
    if (!pct.empty()) {
      h.unit.push_back('%');  // not `= "%"`: GCC 12 -O3 warns falsely (-Wrestrict)
    } else {
      std::string t = Lower(time);
      h.unit = t[0] == 'm' ? "months" : t[0] == 'w' ? "weeks" : "days";
    }
    if (h.unit == "%" && std::stod(h.value) > 100) continue;
    h.qualifier = ValueQualifier(qual);
    if (!h.value_max.empty()) h.qualifier = "range";
    static const RE2 kFrom(R"((?i)\bfrom\s*$)");
    if (!h.value_max.empty() &&
        RE2::PartialMatch(std::string_view(masked).substr(0, vb), kFrom)) {
      // "from 3.8 months to 5.2 months": a change, two values.
      OutcomeValue a;
      a.begin = vb + base;
      a.end = vb + value.size() + base;
      a.value = h.value;
      a.unit = h.unit;
      hits.push_back(a);
      h.value = h.value_max;
      h.value_max.clear();
      h.qualifier.clear();
      h.begin = size_t(value_max.data() - masked.data()) + base;
    }
    // "24 to 40 months": a range whose first end is bare.
    static const RE2 kRangeStart = [] {
      std::string n = kNum;
      return RE2(R"((?:^|[^\w.\x{00B7}])()" + n + R"()\s*(?:to|-)\s*$)");
    }();
    if (h.value_max.empty()) {
      size_t prev_end = hits.empty() ? 0 : hits.back().end - base;
      re2::StringPiece num;
      if (vb > prev_end &&
          RE2::PartialMatch(std::string_view(masked).substr(prev_end, vb - prev_end),
                            kRangeStart, &num)) {
        size_t nb = size_t(num.data() - masked.data());
        if (RE2::PartialMatch(std::string_view(masked).substr(prev_end, nb - prev_end),
                              kFrom)) {
          // "from 7.4 to 9.6 months": a change, two values.
          OutcomeValue a;
          a.begin = nb + base;
          a.end = nb + num.size() + base;
          a.value = PlainNumber(num);
          a.unit = h.unit;
          hits.push_back(a);
        } else {
          h.value_max = h.value;
          h.value = PlainNumber(num);
          h.qualifier = "range";
          h.begin = nb + base;
          vb = nb;
        }
      }
    }
    // Bare numbers chained before it take its unit, in order.
    std::vector<OutcomeValue> chained;
    size_t at = vb;
    while (true) {
      size_t prev_end = hits.empty() ? 0 : hits.back().end - base;
      if (at <= prev_end) break;
      std::string_view before = std::string_view(masked).substr(prev_end, at - prev_end);
      re2::StringPiece num;
      if (!RE2::PartialMatch(before, kChained, &num)) break;
      size_t nb = prev_end + (num.data() - before.data());
      OutcomeValue c;
      c.begin = nb + base;
      c.end = nb + num.size() + base;
      c.value = PlainNumber(num);
      c.unit = h.unit;
      if (c.unit == "%" && std::stod(c.value) > 100) break;
      chained.insert(chained.begin(), c);
      at = nb;
    }
    hits.insert(hits.end(), chained.begin(), chained.end());
    hits.push_back(h);
  }
  return hits;
}

std::string OutcomeHorizon(std::string_view lower_window) {
  // "5-year", "3-y", "two-year", "24-month", "5 years", "at 24 months"; a
  // bare "10.1 months" is a value, not a horizon.
  static const RE2 kHorizon(
      R"((?:^|[^\w.])((?:\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten))(?:\s?-\s?(years?|y|yrs?|months?|mo)|\s(years?)|)\b)");
  static const RE2 kAt(R"(\b(?:at|after)\s+()(\d+(?:\.\d+)?)\s+(years?|months?)\b)");
  static const RE2 kFollowUp(
      R"((median follow-up(?: of)?\s*\d+(?:\.\d+)?\s*(?:years|months)))");
  if (lower_window.find('y') == std::string_view::npos &&
      lower_window.find("mo") == std::string_view::npos) {
    return lower_window.find("long-term") != std::string_view::npos ? "long-term" : "";
  }
  static const std::map<std::string, std::string> kWords = {
      {"one", "1"}, {"two", "2"},   {"three", "3"}, {"four", "4"}, {"five", "5"},
      {"six", "6"}, {"seven", "7"}, {"eight", "8"}, {"nine", "9"}, {"ten", "10"}};
  std::string last;
  size_t last_at = 0;
  auto scan = [&](const RE2& re, bool at_form) {
    re2::StringPiece input(lower_window.data(), lower_window.size());
    re2::StringPiece first, u1, u2;
    while (RE2::FindAndConsume(&input, re, &first, &u1, &u2)) {
      re2::StringPiece number = at_form ? u1 : first;
      std::string unit(at_form ? u2 : (u1.empty() ? u2 : u1));
      std::string n(number);
      if (unit.empty()) continue;
      size_t at = size_t(number.data() - lower_window.data());
      // "follow-up of 3.8 years" is no horizon of a rate.
      std::string_view before = lower_window.substr(0, at);
      if (before.size() > 16) before = before.substr(before.size() - 16);
      if (before.find("follow") != std::string_view::npos) continue;
      if (auto it = kWords.find(n); it != kWords.end()) n = it->second;
      if (at >= last_at) {
        last = n + (unit[0] == 'y' ? "-year" : "-month");
        last_at = at;
      }
    }
  };
  scan(kHorizon, false);
  scan(kAt, true);
  if (!last.empty()) return last;
  std::string f;
  if (RE2::PartialMatch(lower_window, kFollowUp, &f)) return f;
  if (lower_window.find("long-term") != std::string_view::npos) return "long-term";
  return "";
}

// ---------------------------------------------------------------- pairing

namespace {

bool IsTimeUnit(const std::string& unit) { return unit != "%"; }

bool IsTimeToEvent(const std::string& measure) {
  static const std::set<std::string> kTimed = {"OS",  "PFS", "EFS", "DFS", "RFS",
                                               "LFS", "TTP", "DOR", "TFS", "TTNT"};
  return kTimed.count(measure) > 0;
}

// Words that, between a measure and a value, say the value is of something
// else: adverse events, follow-up, baseline, prevalence, another clause.
// A ';' inside a parenthesis the gap opens and closes ("the X group
// (7.4 months; 95% CI ...) than in the Y group (") ends no clause; the
// parentheses are read in `raw_gap`, the gap before masking (same length:
// the mask may blank a closing parenthesis with its statistic).
bool GapBlocks(std::string_view lower_gap, std::string_view raw_gap) {
  static const RE2 kBlock(
      R"((?:adverse|toxicit|grade\s*[1-5>]|discontinu|side effect|neutropeni|diarrh|rash|infection|hospitali|prevalen|follow-?up|median age|\bage\b|\baged\b|\bdose|baseline|accrual|;|estimated to be|assum|expected to|hypothesi[sz]|powered))");
  std::string gap(lower_gap);
  // A gap opening inside a parenthesis ("87%; HR, 0.4) or X (") : up to
  // its ')' it is inside too.
  size_t open_at_start = std::min(raw_gap.find_first_of(")]"), gap.size());
  size_t first_open = raw_gap.find_first_of("([");
  if (open_at_start < gap.size() &&
      (first_open == std::string_view::npos || first_open > open_at_start)) {
    for (size_t k = 0; k < open_at_start; ++k) {
      if (gap[k] == ';') gap[k] = ',';
    }
  }
  for (size_t i = 0; i < gap.size() && i < raw_gap.size(); ++i) {
    if (raw_gap[i] != '(' && raw_gap[i] != '[') continue;
    char close = raw_gap[i] == '(' ? ')' : ']';
    size_t j = raw_gap.find(close, i + 1);
    if (j == std::string_view::npos || j >= gap.size()) break;
    for (size_t k = i + 1; k < j; ++k) {
      if (gap[k] == ';') gap[k] = ',';
    }
    i = j;
  }
  return RE2::PartialMatch(gap, kBlock);
}

}  // namespace

std::vector<std::pair<size_t, size_t>> PairOutcomes(
    std::string_view s, const std::vector<OutcomeMeasure>& measures,
    const std::vector<OutcomeValue>& values, const std::string* masked_given) {
  std::vector<std::pair<size_t, size_t>> pairs;
  if (measures.empty() || values.empty()) return pairs;
  std::string masked = Lower(masked_given ? *masked_given : MaskNonValues(s));
  std::string lower = Lower(s);
  // A time is the median of a time-to-event measure: never "> 90 days"
  // (a threshold) or a range, and days or weeks only after "median".
  auto fits = [&](const OutcomeMeasure& m, const OutcomeValue& v) {
    if (!IsTimeUnit(v.unit)) return true;
    if (!IsTimeToEvent(m.measure)) return false;
    // "24 to 40 months": a span of medians across studies, no one median.
    if (!v.qualifier.empty() && v.qualifier != "~") return false;
    return v.unit == "months" ||
           lower.substr(0, v.begin).find("median") != std::string::npos;
  };
  // "EFS and OS ... 44.4% and 55.6%, respectively": in order.
  if (lower.find("respectively") != std::string::npos) {
    std::vector<size_t> listed;
    for (size_t i = 0; i < measures.size(); ++i) {
      if (measures[i].begin < values.front().begin) listed.push_back(i);
    }
    if (listed.size() >= 2 && listed.size() == values.size()) {
      bool ok = true;
      for (size_t k = 0; k < values.size(); ++k)
        ok = ok && fits(measures[listed[k]], values[k]);
      if (ok) {
        for (size_t k = 0; k < values.size(); ++k) pairs.push_back({listed[k], k});
        return pairs;
      }
    }
  }
  static const RE2 kAchieved(
      R"(^\)?\s*(?:of (?:them|the patients|patients|infants|children|cases)\s+)?(?:achiev\w*|attain\w*|reach\w*|obtain\w*|having(?: an?)?|evaluated as(?: an?)?)\b)");
  static const RE2 kSubject(
      R"(^\s*(?:of [\w-]+\s+)?(?:proceeded|underwent|received|had|were|was|died|developed|experienced|required|became|constituted)\b)");
  static const RE2 kOfAchieved(
      R"(^\s*of (?:the )?(?:patients|cases|infants|children)\s+(?:\w+\s+){0,3}(?:achiev|attain|reach|obtain|respond|had an? (?:response|remission))\w*)");
  static const RE2 kAfterBlocks(
      R"(^[^.;]{0,40}?(?:adverse|toxicit|grade\s*[1-5]|discontinu|neutropeni|diarrh|infection|side effect))");
  for (size_t vi = 0; vi < values.size(); ++vi) {
    const OutcomeValue& v = values[vi];
    std::string after = lower.substr(v.end, std::min<size_t>(48, lower.size() - v.end));
    size_t until = vi + 1 < values.size() ? values[vi + 1].begin : masked.size();
    std::string after_masked = masked.substr(v.end, std::min<size_t>(48, until - v.end));
    if (RE2::PartialMatch(after_masked, kAfterBlocks)) continue;
    const OutcomeMeasure* next = nullptr;
    size_t next_i = 0;
    for (size_t i = 0; i < measures.size(); ++i) {
      if (measures[i].begin >= v.end) {
        next = &measures[i];
        next_i = i;
        break;
      }
    }
    // "a 100% MRD response rate", "an ORR of 50%" is below.
    if (next && next->begin - v.end <= 3 &&
        s.substr(v.end, next->begin - v.end).find_first_not_of(' ') ==
            std::string_view::npos &&
        fits(*next, v)) {
      pairs.push_back({next_i, vi});
      continue;
    }
    // "70% of those patients achieved a complete remission".
    if (next && next->begin - v.end <= 50 && RE2::PartialMatch(after, kAchieved) &&
        fits(*next, v)) {
      pairs.push_back({next_i, vi});
      continue;
    }
    // "40% of patients who received X and Y achieved undetectable MRD", "43%
    // of patients assigned to X who achieved a CR": the arm between the
    // share and its verb, the measure right after the verb.
    static const RE2 kArmAchieved(
        R"(^(\s*of (?:the )?(?:patients|infants|children|participants)\s+(?:who\s+(?:received|were\s+given|were\s+treated\s+with)\s+[^.;%()]{1,60}?|(?:assigned|randomi[sz]ed)\s+to\s+[^.;%()]{1,40}?\s+who)\s+(?:achieved|attained|reached|obtained|had)(?:\s+an?)?\s))");
    if (next && next->begin > v.end && next->begin - v.end <= 120) {
      std::string_view window =
          std::string_view(lower).substr(v.end, next->begin - v.end);
      re2::StringPiece lead;
      if (RE2::PartialMatch(window, kArmAchieved, &lead) &&
          window.size() - lead.size() <= 2 && fits(*next, v)) {
        pairs.push_back({next_i, vi});
        continue;
      }
    }
    // "12 (4%) of 300 patients in the X arm died within 60 days of
    // surgery": a count's share before the verb of its measure.
    static const RE2 kDied(R"(^[\])]?\s*of\s+(?:\d+\s+)?[^.;%()\[\]]{0,80}?$)");
    if (next && next->text.size() >= 4 && Lower(next->text).rfind("died", 0) == 0 &&
        next->begin - v.end <= 100 &&
        RE2::FullMatch(lower.substr(v.end, next->begin - v.end), kDied) &&
        fits(*next, v)) {
      pairs.push_back({next_i, vi});
      continue;
    }
    // "75.8% of patients who received X were alive without progression".
    static const RE2 kAlive(
        R"(^\s*of (?:the )?(?:patients|infants|children)\b[^.;%]{0,80}?\b(?:were|was|remained|are|is) alive\b)");
    std::string longer = lower.substr(v.end, std::min<size_t>(120, lower.size() - v.end));
    if (next && next->begin - v.end <= 120 && RE2::PartialMatch(longer, kAlive) &&
        (next->measure == "OS" || next->measure == "PFS") && fits(*next, v)) {
      pairs.push_back({next_i, vi});
      continue;
    }
    // "40% proceeded to transplant": the share of patients, no rate.
    if (RE2::PartialMatch(after, kSubject)) continue;
    size_t best = SIZE_MAX;
    for (size_t i = 0; i < measures.size(); ++i) {
      // "... died within 30 days of surgery": a verb's values come before
      // it, or right after it as its comparator ("versus seven (9%)").
      static const RE2 kVersusNext(
          R"(^\s*(?:versus|vs\.?|compared with)\s[^.;%()\[\]]{0,30}[(\[]\s*$)");
      if (Lower(measures[i].text).rfind("died", 0) == 0 &&
          (measures[i].end > v.begin ||
           !RE2::FullMatch(lower.substr(measures[i].end, v.begin - measures[i].end),
                           kVersusNext))) {
        continue;
      }
      if (measures[i].end <= v.begin && v.begin - measures[i].end <= 200) best = i;
    }
    if (best == SIZE_MAX || !fits(measures[best], v)) continue;
    const OutcomeMeasure& m = measures[best];
    if (GapBlocks(std::string_view(masked).substr(m.end, v.begin - m.end),
                  std::string_view(lower).substr(m.end, v.begin - m.end))) {
      continue;
    }
    bool proportion =
        after.rfind(" of patients", 0) == 0 || after.rfind(" of cases", 0) == 0 ||
        after.rfind(" of infants", 0) == 0 || after.rfind(" of children", 0) == 0;
    bool value_between = std::any_of(
        values.begin(), values.end(),
        [&](const OutcomeValue& o) { return o.begin >= m.end && o.end <= v.begin; });
    // "(a subgroup of 40% of patients) relapsed at a rate of 22%" after an
    // earlier "relapse rate of 9%": a group's share, not the measure's value; so is
    // "76% of patients crossing over" after a measure with no value.
    // "... compared with 34.1% of patients who received Y": the share of a
    // comparator arm stated like the value before it, of the same measure.
    static const RE2 kCompared(R"(\b(?:compared (?:with|to)|versus|vs\.?|than)\s)");
    bool parallel =
        !pairs.empty() && pairs.back().first == best && pairs.back().second + 1 == vi &&
        RE2::PartialMatch(lower.substr(values[vi - 1].end, v.begin - values[vi - 1].end),
                          kCompared);
    if (proportion && !parallel &&
        (value_between || !RE2::PartialMatch(after, kOfAchieved))) {
      continue;
    }
    pairs.push_back({best, vi});
  }
  // "10 (3%) of 310 in the X arm and 12 (4%) of 300 in the Y arm died
  // ...": a value joined by "and"/"vs" to the next one, which pairs with a
  // measure after both, is of that measure too.
  static const RE2 kJoined(R"(^[^.;%]{0,100}?\b(?:and|vs\.?|versus)\s[^.;%]{0,20}$)");
  for (size_t vi = values.size(); vi-- > 1;) {
    auto paired = [&](size_t k) {
      return std::find_if(pairs.begin(), pairs.end(),
                          [&](const auto& p) { return p.second == k; });
    };
    auto it = paired(vi);
    if (it == pairs.end() || paired(vi - 1) != pairs.end()) continue;
    const OutcomeMeasure& m = measures[it->first];
    if (m.begin < values[vi].end) continue;  // the measure is not after both
    std::string gap =
        lower.substr(values[vi - 1].end, values[vi].begin - values[vi - 1].end);
    if (!RE2::FullMatch(gap, kJoined) || !fits(m, values[vi - 1])) continue;
    pairs.push_back({it->first, vi - 1});
  }
  std::sort(pairs.begin(), pairs.end(),
            [](const auto& a, const auto& b) { return a.second < b.second; });
  return pairs;
}

}  // namespace lg::ingest::relate_internal
