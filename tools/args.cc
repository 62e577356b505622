#include "tools/args.h"

#include <algorithm>
#include <sstream>

namespace lg::tools {

Args::Args(std::string command, std::string positional_usage, std::string summary)
    : command_(std::move(command)),
      positional_usage_(std::move(positional_usage)),
      summary_(std::move(summary)) {
  Flag("help", "show this help");
}

void Args::Flag(const std::string& name, const std::string& help) {
  specs_[name] = Spec{"", help, "", false};
  order_.push_back(name);
}

void Args::Option(const std::string& name, const std::string& value_name,
                  const std::string& help, const std::string& default_value) {
  specs_[name] = Spec{value_name, help, default_value, false};
  order_.push_back(name);
}

void Args::Repeated(const std::string& name, const std::string& value_name,
                    const std::string& help) {
  specs_[name] = Spec{value_name, help, "", true};
  order_.push_back(name);
}

void Args::Positionals(int min, int max) {
  min_pos_ = min;
  max_pos_ = max;
}

int Args::Parse(const std::vector<std::string>& argv, std::ostream& out,
                std::ostream& err) {
  auto usage_error = [&](const std::string& message) {
    err << "litgraph " << command_ << ": " << message << "\n\n" << Help();
    return 2;
  };
  bool only_positionals = false;
  for (size_t i = 0; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (only_positionals || a.size() < 2 || a[0] != '-' || a == "-") {
      positionals_.push_back(a);
      continue;
    }
    if (a == "--") {
      only_positionals = true;
      continue;
    }
    if (a.rfind("--", 0) != 0) return usage_error("unknown option '" + a + "'");
    std::string name = a.substr(2), value;
    bool has_value = false;
    if (size_t eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
      has_value = true;
    }
    auto it = specs_.find(name);
    if (it == specs_.end()) return usage_error("unknown option '--" + name + "'");
    if (it->second.value_name.empty()) {
      if (has_value) return usage_error("option '--" + name + "' takes no value");
      values_[name].push_back("");
      continue;
    }
    if (!has_value) {
      if (i + 1 >= argv.size()) {
        return usage_error("option '--" + name + "' needs a value (" +
                           it->second.value_name + ")");
      }
      value = argv[++i];
    }
    if (!it->second.repeated && values_.count(name)) {
      return usage_error("option '--" + name + "' given twice");
    }
    values_[name].push_back(value);
  }
  if (Has("help")) {
    out << Help();
    return 0;
  }
  int n = static_cast<int>(positionals_.size());
  if (n < min_pos_) {
    return usage_error(min_pos_ == 1 && positional_usage_.find(' ') == std::string::npos
                           ? "missing " + positional_usage_
                           : "expected " + positional_usage_);
  }
  if (max_pos_ >= 0 && n > max_pos_) {
    return usage_error("unexpected argument '" + positionals_[max_pos_] + "'");
  }
  return -1;
}

bool Args::Has(const std::string& flag) const { return values_.count(flag) > 0; }

std::string Args::Get(const std::string& option) const {
  auto it = values_.find(option);
  if (it != values_.end() && !it->second.empty()) return it->second.back();
  auto spec = specs_.find(option);
  return spec == specs_.end() ? "" : spec->second.default_value;
}

std::vector<std::string> Args::GetAll(const std::string& option) const {
  auto it = values_.find(option);
  return it == values_.end() ? std::vector<std::string>{} : it->second;
}

std::string Args::Help() const {
  std::ostringstream s;
  s << "usage: litgraph " << command_;
  if (!positional_usage_.empty()) s << " " << positional_usage_;
  s << " [options]\n\n" << summary_ << "\n\noptions:\n";
  size_t width = 0;
  for (const auto& name : order_) {
    const Spec& spec = specs_.at(name);
    width =
        std::max(width, name.size() + 2 +
                            (spec.value_name.empty() ? 0 : spec.value_name.size() + 1));
  }
  for (const auto& name : order_) {
    const Spec& spec = specs_.at(name);
    std::string left =
        "--" + name + (spec.value_name.empty() ? "" : " " + spec.value_name);
    s << "  " << left << std::string(width - left.size() + 2, ' ') << spec.help;
    if (!spec.default_value.empty()) s << " (default: " << spec.default_value << ")";
    s << "\n";
  }
  return s.str();
}

}  // namespace lg::tools
