#include "services/appeals/desk/pinyin_table.h"

#include <fstream>
#include <map>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "common/text/utf8.h"

namespace cs::appeals {
namespace {

constexpr char32_t kFirstSound = 0xF0000;  // Supplementary Private Use Area-A

bool IsHan(char32_t c) { return c >= 0x3400 && c < 0x30000; }

}  // namespace

void PinyinTable::Add(char32_t c, const std::string& syllable) {
  if (sound_.count(c) > 0) return;
  auto [it, added] = id_of_.try_emplace(syllable, kFirstSound + syllables_.size());
  if (added) syllables_.push_back(syllable);
  sound_[c] = it->second;
}

std::shared_ptr<const PinyinTable> PinyinTable::FromEntries(
    const std::vector<std::pair<char32_t, std::string>>& entries) {
  auto table = std::make_shared<PinyinTable>();
  for (const auto& [c, syllable] : entries) table->Add(c, syllable);
  return table;
}

absl::StatusOr<std::shared_ptr<const PinyinTable>> PinyinTable::Load(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError("pinyin table: cannot open the file");
  // A character with several readings keeps the one with the highest weight ("了 le 98.90%"
  // over "了 liao 1.10%"); a reading without a weight counts as certain, the first one wins.
  std::map<char32_t, std::pair<double, std::string>> best;
  std::vector<char32_t> order;
  bool body = false;
  for (std::string line; std::getline(in, line);) {
    if (!body) {
      body = line == "...";  // the YAML header ends here
      continue;
    }
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> cols = absl::StrSplit(line, '\t');
    if (cols.size() < 2) continue;
    const std::u32string word = DecodeUtf8(cols[0]);
    if (word.size() != 1 || !IsHan(word[0]) || cols[1].empty() ||
        cols[1].find(' ') != std::string::npos) {
      continue;
    }
    double weight = 100.0;
    if (cols.size() >= 3 && !cols[2].empty() && cols[2].back() == '%') {
      if (!absl::SimpleAtod(cols[2].substr(0, cols[2].size() - 1), &weight)) weight = 0;
    }
    auto [it, added] = best.try_emplace(word[0], weight, cols[1]);
    if (added) {
      order.push_back(word[0]);
    } else if (weight > it->second.first) {
      it->second = {weight, cols[1]};
    }
  }
  if (order.empty()) return absl::InvalidArgumentError("pinyin table: no character entries");
  auto table = std::make_shared<PinyinTable>();
  for (char32_t c : order) table->Add(c, best[c].second);
  return table;
}

char32_t PinyinTable::SoundOf(char32_t c) const {
  auto it = sound_.find(c);
  return it == sound_.end() ? c : it->second;
}

std::string_view PinyinTable::Syllable(char32_t c) const {
  auto it = sound_.find(c);
  return it == sound_.end() ? std::string_view() : syllables_[it->second - kFirstSound];
}

}  // namespace cs::appeals
