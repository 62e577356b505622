// Args: the small argument parser every litgraph subcommand uses, so that
// usage errors, --help and flag spellings behave the same everywhere.
//
// A subcommand declares its flags, then calls Parse:
//   Args args("agents", "TARGET", "Agents that act on TARGET ...");
//   args.Flag("json", "print JSON");                 // --json
//   args.Option("max-hops", "N", "longest path", "3");  // --max-hops N / --max-hops=N
//   if (int rc = args.Parse(argv_rest, out, err); rc >= 0) return rc;
// Parse returns -1 to go on, 0 after printing --help, 2 after a usage error
// (message and help on `err`).
#pragma once

#include <map>
#include <ostream>
#include <string>
#include <vector>

namespace lg::tools {

class Args {
 public:
  Args(std::string command, std::string positional_usage, std::string summary);

  void Flag(const std::string& name, const std::string& help);
  void Option(const std::string& name, const std::string& value_name,
              const std::string& help, const std::string& default_value = "");
  // An option that may be given several times (--ref 1 --ref 2).
  void Repeated(const std::string& name, const std::string& value_name,
                const std::string& help);
  // Positional arguments: at least `min`, at most `max` (-1: no limit).
  void Positionals(int min, int max);

  int Parse(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err);

  bool Has(const std::string& flag) const;           // flags and options given
  std::string Get(const std::string& option) const;  // value or default
  std::vector<std::string> GetAll(const std::string& option) const;
  const std::vector<std::string>& positionals() const { return positionals_; }
  std::string Help() const;

 private:
  struct Spec {
    std::string value_name;  // empty for flags
    std::string help;
    std::string default_value;
    bool repeated = false;
  };
  std::string command_, positional_usage_, summary_;
  std::map<std::string, Spec> specs_;
  std::vector<std::string> order_;
  int min_pos_ = 0, max_pos_ = -1;
  std::map<std::string, std::vector<std::string>> values_;
  std::vector<std::string> positionals_;
};

}  // namespace lg::tools
