// Reads the desk's triage rules from config/triage/*.yaml into the plain structs the desk core
// takes (TriageConfig, zone names). Every *.yaml file in the directory is read in
// name order and their lists are joined, so the desk can add a file of its own phrases.
// Unknown keys fail, naming the file and line.
// Thread-safety: a function of its inputs; call at start-up.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/appeals/desk/inbox_triage.h"
#include "services/appeals/desk/pinyin_table.h"
#include "services/appeals/desk/zone_mentions.h"

namespace cs::appeals {

struct TriageFiles {
  // Routes and deadlines from the files; TriageConfig::Default()'s when the files give none.
  TriageConfig triage;
  // The zone names of `venue_id` (files whose `venue:` is another venue are skipped), and the
  // places outside it (zone_id "").
  std::vector<ZoneNames> zones;
  // Why settings.pinyin_table could not be read (homophone matching is then off); OK otherwise.
  absl::Status pinyin_table_error;
  // settings.ngram_model, resolved against `dir`; "" when the files name no model.
  std::string model_path;
  // settings.linear_model (linear_model.h), resolved the same way; "" when none is named.
  std::string linear_model_path;
};

// kSkip leaves TriageConfig::model and linear_model null (the trainer, which writes the model, and cross-set
// evaluation, which trains its own); kLoad fails when a named model file is missing or bad.
enum class ModelLoading { kLoad, kSkip };

// `dir` holds the *.yaml files. NotFound when it has none, or when settings.ngram_model names a
// file that is not there (the desk would silently lose its second opinion otherwise);
// InvalidArgument naming file:line and key for a bad or unknown entry or a malformed model.
// `without_origins`: leave out every signal, modifier, cue extension and mask whose `from:`
// (its own, else its file's) names one of these development sets, as leave-one-author-out
// evaluation must (tools/triage_train); the service passes none.
absl::StatusOr<TriageFiles> LoadTriageConfigDir(const std::string& dir,
                                                const std::string& venue_id = "ocean",
                                                ModelLoading model = ModelLoading::kLoad,
                                                const std::vector<std::string>& without_origins = {});

}  // namespace cs::appeals
