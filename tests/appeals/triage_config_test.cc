// The shipped rules in config/triage: they load, and they read threats to life in the registers
// the desk sees (Simplified, Traditional, Cantonese, English, pinyin, emoji, typos) while the
// same words negated, joked about, quoted or in the past do not raise the alarm. The phrasings
// here are this test's own, not the development set's.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "services/appeals/drafting_bridge.h"
#include "services/appeals/triage_config_loader.h"

namespace cs::appeals {
namespace {

std::string SourceDir() {
  const char* dir = std::getenv("CS_SOURCE_DIR");
  return dir != nullptr ? dir : ".";
}

class ShippedTriageRules : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto files = LoadTriageConfigDir(SourceDir() + "/config/triage");
    ASSERT_TRUE(files.ok()) << files.status();
    auto fold = bridge::CreateTraditionalFolder();
    ASSERT_TRUE(fold.ok()) << fold.status();
    // The phrase rules alone: these are their phrasings. The n-gram model's part is tested in
    // triage_combination_test and, on the development sets, in triage_dev_set_test.
    files->triage.model = nullptr;
    auto rules = TriageRules::Create(files->triage, *fold);
    ASSERT_TRUE(rules.ok()) << rules.status();
    rules_ = new TriageRules(*std::move(rules));
  }
  static const char* Name(std::string_view text) {
    return CategoryName(rules_->SuggestCategory(text));
  }
  static TriageRules* rules_;
};
TriageRules* ShippedTriageRules::rules_ = nullptr;

TEST_F(ShippedTriageRules, ThreatsToLifeInEveryRegister) {
  const char* kThreats[] = {
      "我不想活了，准备今晚割腕",
      "活着没意思 今晚就在天台结束吧",
      "最后一条微博了，猫麻烦帮我照顾好",
      "我喺海堤度，唔想再捱落去",
      "我已經吃了一整瓶安眠藥",
      "i cant do this anymore, im on the ledge of the car park roof",
      "bu xiang huo le, zai hai di shang, yao dou chi le",
      "有人拿刀在企鹅馆门口乱挥 已经有人倒地上了",
      "A man is stabbing someone near the theatre, please come",
      "有个男的把小孩往车里硬塞 孩子一直在哭喊",
      "小朋友掉進水池了！！在扑腾",
      "宝宝被锁在车里 车窗全关着 已经哭不出声了",
      "我爸突然倒地 叫不醒 没有呼吸了",
      "Someone collapsed at the gardens, not breathing, we are doing CPR",
      "主入口挤得脚都离地了 有人被压住了 后面还在推",
      "😱🆘 踩踏了 巡游大街 有人被踩",
      "她被人掐着脖子按在墙上",
  };
  for (const char* text : kThreats) EXPECT_STREQ(Name(text), "life_safety") << text;
}

TEST_F(ShippedTriageRules, AlarmingWordsThatAreNotThreatsToLife) {
  const char* kHarmless[] = {
      "我不是想自杀，就是想问问心理热线",
      "排队排到想死的心都有 什么时候能进去",
      "累死了 热死了 北极熊还不出来",
      "笑死 企鹅一直趴着不动",
      "昨晚在剧场晕倒的那位后来怎么样了？",
      "万一孩子掉水里了，最近的救生员在哪？",
      "“要死一起死” 哈哈 看完海盗秀我儿子一直喊",
      "this queue is killing me lol, when does the show start?",
      "我老婆说我再买公仔她就杀了我😂",
  };
  for (const char* text : kHarmless) EXPECT_STRNE(Name(text), "life_safety") << text;
}

TEST_F(ShippedTriageRules, OtherCategories) {
  EXPECT_STREQ(Name("孩子在鲸鲨馆走散了，穿红色外套，帮帮忙"), "help_request");
  EXPECT_STREQ(Name("门口有黄牛倒卖内部票"), "report");
  EXPECT_STREQ(Name("你们发的那个小男孩，我刚在企鹅馆门口见到了，我先陪着他"), "tip");
  EXPECT_STREQ(Name("工作人员态度太差，排队两个钟也没人管"), "complaint");
  EXPECT_STREQ(Name("请问烟花几点放？"), "consultation");
  EXPECT_STREQ(Name("你好"), "consultation");
}

// The second session's classes (config/triage/*_more.yaml), each in this test's own words:
// stroke signs, a child under a vehicle or face down in water, a stranger carrying a child
// off, a car driven into people, a farewell that gives things away, joining the dead.
TEST_F(ShippedTriageRules, BroadenedThreatsToLife) {
  const char* kThreats[] = {
      "我妈刚才说话突然说不清楚，一边脸歪了，左手抬不起来，我们在鲸鲨馆门口",
      "my dad's face is drooping and his words are slurred, we're at the main gate",
      "小孩爬到游览车底下去了，车还在往前开",
      "鲸鲨馆门口的水池里有个小孩面朝下浮着，不动了",
      "一个男的抱起一个小女孩就跑，小女孩一直喊你不是我爸爸",
      "有辆车直接冲向人群，撞倒了好几个人，还在开",
      "今天是我最后一天了 游戏机都送给表弟 拜拜大家",
      "he texted 'tell mum the cat is yours now', left a note in the car, phone is off",
      "等天黑了我就下去陪她，不用回了",
  };
  for (const char* text : kThreats) EXPECT_STREQ(Name(text), "life_safety") << text;
}

// Evidence against: a thing or an animal in the water, a question about what may be brought
// in, a guardian who took the child, something already over, a person said to be safe; and a
// yes-no question is not a negation ("有没有能聊天的地方" still asks for someone to talk to).
TEST_F(ShippedTriageRules, BroadenedEvidenceAgainstAThreatToLife) {
  const char* kHarmless[] = {
      "儿子的手表掉进海狮池里了，能帮忙捞一下吗",
      "北极熊一直在水里游来游去 太可爱了",
      "可以带水果刀进去吗？给孩子切水果",
      "看到一个很像寻人里的小男孩在哭，不过他爸爸很快就过来抱走了，应该不是",
      "孩子刚才流鼻血，已经止住了，哪里能买件干净衣服",
      "我朋友说过不想活了，不过她现在挺安全的，家人陪着，想要个心理热线",
      "排队排到我想死，快两个小时了",
  };
  for (const char* text : kHarmless) EXPECT_STRNE(Name(text), "life_safety") << text;
  EXPECT_STREQ(Name("我不是想轻生 就是心情很差 有没有能聊天的地方"), "help_request");
}

// The fourth session's classes (config/triage/life_safety_means.yaml): the means already in use
// or laid out, a warning to the people below, "the last night", someone who only groans when
// called, a broken bottle used on someone, blood sugar still falling with confusion.
TEST_F(ShippedTriageRules, MeansAtHandAndWorseningSigns) {
  const char* kThreats[] = {
      "我在地下车库自己车里，炭点着了",
      "药都摆在床头了，一粒一粒数好的",
      "这是我最后的晚上了，跟保安说楼下别站人",
      "我爸在洗手间倒下了，叫他只会哼哼，嘴唇发紫",
      "有个男的拿着碎酒瓶在人群里乱挥，已经划到人了",
      "my daughter's sugar keeps falling and she's not making sense anymore",
  };
  for (const char* text : kThreats) EXPECT_STREQ(Name(text), "life_safety") << text;
  // Degree-complement hyperbole and a rumour from elsewhere are not threats.
  const char* kHarmless[] = {
      "今天的日落美到窒息",
      "排队排到想跳楼，能不能多开几个窗口",
      "网上说海洋公园有人贩子抢小孩，是真的吗",
  };
  for (const char* text : kHarmless) EXPECT_STRNE(Name(text), "life_safety") << text;
}

// The fourth session's second broadening (config/triage/life_safety_veiled.yaml), each class in
// this test's own words: a ligature tied and tested, veiled slang with a lonely place, an English
// farewell post, a beating nobody stops, a death threat with the door being forced, a child
// snatched and carried off crying for its mother, a child who drank a cleaning product.
TEST_F(ShippedTriageRules, VeiledIntentAndUnseenWordingOfThreats) {
  const char* kThreats[] = {
      "绳子系在阳台的横梁上了，刚才试了一下够结实了",
      "这把号不要了 想重开 晚上去码头尽头那个没人的地方",
      "轮到我去喂鱼了，码头尽头那边",
      "my last post. left a letter for my brother in the car. sorry to whoever reads this",
      "a guy is kicking him on the floor by the food court, nobody is stopping it",
      "他说要弄死我，现在有人在砸门，我一个人在房间",
      "有个阿姨把别人的小孩一把抱起往出口跑，孩子哭着喊妈妈",
      "女儿误喝了消毒液，嘴里起泡了，一直吐",
  };
  for (const char* text : kThreats) EXPECT_STREQ(Name(text), "life_safety") << text;
  // Intent ruled out with someone beside them, everyone out and unhurt, a mild allergy, a wish
  // idiom, a stage fight, a question about practice, heart-attack hyperbole, an eye-roll.
  const char* kHarmless[] = {
      "我表姐老说活着好累，不过她说不会做傻事，有没有心理咨询的电话",
      "电梯停了一下，我们被关了五分钟，已经出来了，人都没事",
      "吃了虾手上有点痒，没有肿，也不喘，哪里有药店",
      "想跳楼的心情都有了 演唱会门票又没抢到",
      "海盗秀里那个演员被刺了一刀，演得好逼真",
      "好奇问问，你们平时遇到有人留言说要自杀，一般怎么处理",
      "气到心梗，停车场收费又涨了",
      "问个路就被翻白眼，什么服务",
  };
  for (const char* text : kHarmless) EXPECT_STRNE(Name(text), "life_safety") << text;
}

// The concepts of config/triage/life_safety_concepts.yaml, each combined with another in words
// the fifth set did not use: an unseen combination of known concepts is a threat, one concept
// alone is not, and a game, an enquiry or a resolved faint is no alarm.
TEST_F(ShippedTriageRules, ConceptsOfTheFifthAuthorCombine) {
  const char* kThreats[] = {
      "刚划开了，手腕上好多，不知道该跟谁说",           // act done + its trace
      "药都准备好了，这次是我自己决定的",               // means ready + resolve
      "微信设成仅自己可见了，存款转给了弟弟",           // two farewell acts
      "停车场有个人拿着铁棍，见人就打",                 // weapon + attack under way
      "孩子一个人在马路中间哭，车很多",                 // child + hazard
      "他从台阶上摔下来，骨头露出来了",                 // graphic injury alone
      "a man with a knife is swinging at people near the fountain",
  };
  for (const char* text : kThreats) EXPECT_STREQ(Name(text), "life_safety") << text;
  const char* kHarmless[] = {
      "药都准备好了，出发去海洋公园啦",                 // means word, no resolve
      "钱都转给我妈了，过年红包嘛",                     // one farewell-like act, a gift
      "锤子剪刀布输了，我请客",                         // a weapon word in a game
      "我儿子玩一个游戏叫拯救溺水的小孩，请问园里有这个活动吗",  // fiction
      "刚才有人晕倒，救护车已经接走了，请问后续怎么样",  // resolved, a follow-up question
      "音响吵到我要心脏病发作了，能不能小声点",         // hyperbole
  };
  for (const char* text : kHarmless) EXPECT_STRNE(Name(text), "life_safety") << text;
}

// Complaints without complaint words (config/triage/categories_accountability.yaml): who
// answers for it, what the ticket promised, a charge on top, a change not announced, being
// pushed into spending.
TEST_F(ShippedTriageRules, ComplaintsThatAskWhoAnswersForIt) {
  EXPECT_STREQ(Name("保安把我们的折叠凳都收走了，老人站两个小时摔了谁负责？"), "complaint");
  EXPECT_STREQ(Name("官网写着65岁以上半价，到了门口又说要本地户口"), "complaint");
  EXPECT_STREQ(Name("都过完年了停车还加收附加费，一次多收二十"), "complaint");
  EXPECT_STREQ(Name("表演取消了为什么不提前说，我们白等了"), "complaint");
  EXPECT_STREQ(Name("出口只能穿过商店，这不就是逼着人消费"), "complaint");
}

TEST_F(ShippedTriageRules, BroadenedOtherCategories) {
  EXPECT_STREQ(Name("一瓶水卖二十五块，这合理吗？"), "complaint");
  EXPECT_STREQ(Name("你们发的寻人微博没打码，孩子的脸都露出来了"), "complaint");
  EXPECT_STREQ(Name("停车场有人用钥匙划车，划了一整排"), "report");
  EXPECT_STREQ(Name("someone groped my friend in the parade crowd, grey hoodie"), "report");
  EXPECT_STREQ(Name("企鹅馆门口有个行李箱放了半小时，无人看管"), "report");
  EXPECT_STREQ(Name("网上有人卖预约名额，先收定金"), "report");
  EXPECT_STREQ(Name("你们提醒的那个卖假票的，又在南门出现了"), "tip");
  EXPECT_STREQ(Name("有个小朋友说找不到妈妈了，现在在我身边，我们在等工作人员"), "tip");
  EXPECT_STREQ(Name("末班车走了，我们回不去了，怎么离开这里"), "help_request");
  EXPECT_STREQ(Name("is there a counselling line? just having a bad day"), "help_request");
  EXPECT_STREQ(Name("辛苦工作人员了👍"), "consultation");
}

// Homophones by Debian's pinyin table (rime-data-luna-pinyin, a declared dependency: its absence
// fails here rather than silently turning homophone matching off).
TEST(ShippedTriageHomophones, ThePinyinTableLoadsAndCatchesAPhraseWrittenWithHomophones) {
  auto files = LoadTriageConfigDir(SourceDir() + "/config/triage");
  ASSERT_TRUE(files.ok()) << files.status();
  ASSERT_TRUE(files->pinyin_table_error.ok()) << files->pinyin_table_error;
  ASSERT_NE(files->triage.phrases.homophones, nullptr);
  EXPECT_GT(files->triage.phrases.homophones->size(), 8000u);
  auto fold = bridge::CreateTraditionalFolder();
  ASSERT_TRUE(fold.ok()) << fold.status();
  files->triage.model = nullptr;  // the rules alone (the model catches 一了白了 by itself)
  auto rules = TriageRules::Create(files->triage, *fold);
  ASSERT_TRUE(rules.ok()) << rules.status();
  // 或 for 活 (huo), 白 for 百 (bai): the input method's first candidate was the wrong one.
  for (const char* text : {"我不想或了 今晚在天台", "今晚我就去海边，一了白了"}) {
    EXPECT_STREQ(CategoryName(rules->SuggestCategory(text)), "life_safety") << text;
  }
  auto without = files->triage;
  without.phrases.homophones = nullptr;
  auto plain = TriageRules::Create(without, *fold);
  ASSERT_TRUE(plain.ok());
  for (const char* text : {"我不想或了 今晚在天台", "今晚我就去海边，一了白了"}) {
    EXPECT_STRNE(CategoryName(plain->SuggestCategory(text)), "life_safety") << text;
  }
}

TEST(TriageConfigLoader, UnknownKeysAndBadCategoriesFailNamingTheFile) {
  const auto dir = std::filesystem::temp_directory_path() / "cs_triage_loader_test";
  std::filesystem::create_directories(dir);
  {
    std::ofstream(dir / "a.yaml") << "signals:\n  - {name: x, category: life_safety, weight: 1, "
                                     "phrases: [a], colour: red}\n";
  }
  auto bad = LoadTriageConfigDir(dir.string());
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(bad.status().message().find("colour"), std::string::npos) << bad.status();
  { std::ofstream(dir / "a.yaml") << "routes:\n  - {category: nonsense, department: x}\n"; }
  bad = LoadTriageConfigDir(dir.string());
  EXPECT_NE(bad.status().message().find("not a message category"), std::string::npos)
      << bad.status();
  {
    std::ofstream(dir / "a.yaml") << "category: tip\nsignals:\n  - {name: x, weight: 0.5, "
                                     "phrases: [见到]}\n";
  }
  auto good = LoadTriageConfigDir(dir.string());
  ASSERT_TRUE(good.ok()) << good.status();
  ASSERT_EQ(good->triage.phrases.signals.size(), 1u);
  EXPECT_EQ(good->triage.phrases.signals[0].category, "tip");
  std::filesystem::remove_all(dir);
  EXPECT_EQ(LoadTriageConfigDir(dir.string()).status().code(), absl::StatusCode::kNotFound);
}

// Provenance: `from:` names the development set a rule was written from; leave-one-author-out
// evaluation loads the rules without a set's own, the service with all of them.
TEST(TriageConfigLoader, RulesFromASetAreLeftOutOnlyWhenAskedAndCueExtensionsFollowTheirOrigin) {
  const auto dir = std::filesystem::temp_directory_path() / "cs_triage_origin_test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  {
    std::ofstream(dir / "a.yaml") << "from: [first]\ncategory: life_safety\nsignals:\n"
                                     "  - {name: a1, weight: 1, phrases: [跳楼]}\n"
                                     "  - {name: a2, weight: 1, phrases: [割腕], from: [second]}\n"
                                     "modifiers:\n  - {name: past, scope: sentence, factor: 0, "
                                     "cues: [昨天]}\nmasks: [累死]\n";
    std::ofstream(dir / "b.yaml") << "from: [second]\nmodifiers:\n  - {name: past, cues: "
                                     "[前天], cancelled_by: [现在还]}\nmasks: [气死]\n";
    std::ofstream(dir / "c.yaml") << "category: tip\nsignals:\n  - {name: c1, weight: 1, "
                                     "phrases: [见到]}\n";
  }
  auto signal_names = [](const TriageFiles& f) {
    std::string out;
    for (const auto& s : f.triage.phrases.signals) out += s.name + " ";
    return out;
  };
  auto all = LoadTriageConfigDir(dir.string());
  ASSERT_TRUE(all.ok()) << all.status();
  EXPECT_EQ(signal_names(*all), "a1 a2 c1 ");
  ASSERT_EQ(all->triage.phrases.modifiers.size(), 1u);
  EXPECT_EQ(all->triage.phrases.modifiers[0].cues, (std::vector<std::string>{"昨天", "前天"}));
  EXPECT_EQ(all->triage.phrases.modifiers[0].cancelled_by, std::vector<std::string>{"现在还"});
  EXPECT_EQ(all->triage.phrases.masks, (std::vector<std::string>{"累死", "气死"}));

  auto without_first = LoadTriageConfigDir(dir.string(), "ocean", ModelLoading::kLoad, {"first"});
  ASSERT_TRUE(without_first.ok()) << without_first.status();
  EXPECT_EQ(signal_names(*without_first), "a2 c1 ");  // a2's own origin overrides its file's
  EXPECT_TRUE(without_first->triage.phrases.modifiers.empty());  // its extension goes with it
  EXPECT_EQ(without_first->triage.phrases.masks, std::vector<std::string>{"气死"});

  auto without_second =
      LoadTriageConfigDir(dir.string(), "ocean", ModelLoading::kLoad, {"second"});
  ASSERT_TRUE(without_second.ok()) << without_second.status();
  EXPECT_EQ(signal_names(*without_second), "a1 c1 ");
  ASSERT_EQ(without_second->triage.phrases.modifiers.size(), 1u);
  EXPECT_EQ(without_second->triage.phrases.modifiers[0].cues, std::vector<std::string>{"昨天"});
  EXPECT_TRUE(without_second->triage.phrases.modifiers[0].cancelled_by.empty());
  EXPECT_EQ(without_second->triage.phrases.masks, std::vector<std::string>{"累死"});

  // An extension of a modifier no file defines is a typo, not a silent no-op.
  { std::ofstream(dir / "b.yaml") << "modifiers:\n  - {name: pastt, cues: [前天]}\n"; }
  auto bad = LoadTriageConfigDir(dir.string());
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument) << bad.status();
  EXPECT_NE(bad.status().message().find("pastt"), std::string::npos) << bad.status();
  std::filesystem::remove_all(dir);
}

// Every development set motivated rules of its own, and each file that holds rules says where
// they came from, so leaving an author out leaves something out.
TEST(TriageConfigLoader, TheShippedRulesSayWhichSetEachCameFrom) {
  auto all = LoadTriageConfigDir(SourceDir() + "/config/triage", "ocean", ModelLoading::kSkip);
  ASSERT_TRUE(all.ok()) << all.status();
  for (const char* origin : {"messages", "heldout", "heldout2", "heldout3", "heldout4"}) {
    auto without = LoadTriageConfigDir(SourceDir() + "/config/triage", "ocean",
                                       ModelLoading::kSkip, {origin});
    ASSERT_TRUE(without.ok()) << without.status();
    EXPECT_LT(without->triage.phrases.signals.size(), all->triage.phrases.signals.size())
        << origin;
  }
  for (const auto& entry : std::filesystem::directory_iterator(SourceDir() + "/config/triage")) {
    if (entry.path().extension() != ".yaml") continue;
    std::ifstream in(entry.path());
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const bool has_rules = text.find("\nsignals:") != std::string::npos ||
                           text.find("\nmodifiers:") != std::string::npos ||
                           text.find("\nmasks:") != std::string::npos;
    if (has_rules) {
      EXPECT_NE(text.find("\nfrom: ["), std::string::npos) << entry.path();
    }
  }
}

TEST(TriageConfigLoader, ANamedModelFileMissingOrMalformedStopsTheLoad) {
  const auto dir = std::filesystem::temp_directory_path() / "cs_triage_model_loader_test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  { std::ofstream(dir / "a.yaml") << "settings:\n  ngram_model: model.tsv\n"; }
  auto missing = LoadTriageConfigDir(dir.string());
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound) << missing.status();
  // The trainer reads the rules before the model exists.
  auto skipped = LoadTriageConfigDir(dir.string(), "ocean", ModelLoading::kSkip);
  ASSERT_TRUE(skipped.ok()) << skipped.status();
  EXPECT_EQ(skipped->triage.model, nullptr);
  EXPECT_EQ(skipped->model_path, (dir / "model.tsv").string());
  { std::ofstream(dir / "model.tsv") << "format\tcrowdsafe-ngram-nb\t1\nclass\tlife_safety\n"; }
  auto bad = LoadTriageConfigDir(dir.string());
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument) << bad.status();
  EXPECT_NE(bad.status().message().find("model.tsv"), std::string::npos) << bad.status();
  std::filesystem::remove_all(dir);
}

TEST(TriageConfigLoader, TheShippedRulesLoadTheirModel) {
  auto files = LoadTriageConfigDir(SourceDir() + "/config/triage");
  ASSERT_TRUE(files.ok()) << files.status();
  ASSERT_NE(files->triage.model, nullptr);
  EXPECT_GE(files->triage.model->ClassIndex("life_safety"), 0);
  // The linear model beside it, over the same classes and features (TriageRules::Create checks).
  ASSERT_NE(files->triage.linear_model, nullptr);
  EXPECT_EQ(files->triage.linear_model->classes(), files->triage.model->classes());
  EXPECT_TRUE(TriageRules::Create(files->triage).ok());
}

TEST(TriageConfigLoader, ANamedLinearModelMissingOrAloneStopsTheLoad) {
  const auto dir = std::filesystem::temp_directory_path() / "cs_triage_linear_loader_test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  { std::ofstream(dir / "a.yaml") << "settings:\n  linear_model: linear.tsv\n"; }
  // Without the naive Bayes model it blends with.
  EXPECT_EQ(LoadTriageConfigDir(dir.string(), "ocean", ModelLoading::kSkip).status().code(),
            absl::StatusCode::kInvalidArgument);
  {
    std::ofstream(dir / "a.yaml") << "settings:\n  ngram_model: nb.tsv\n  linear_model: "
                                     "linear.tsv\n  linear_model_weight: 0.25\n";
  }
  { std::ofstream(dir / "nb.tsv") << "format\tcrowdsafe-ngram-nb\t1\nclass\tlife_safety\t1\t1\n"; }
  auto missing = LoadTriageConfigDir(dir.string());
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound) << missing.status();
  auto skipped = LoadTriageConfigDir(dir.string(), "ocean", ModelLoading::kSkip);
  ASSERT_TRUE(skipped.ok()) << skipped.status();
  EXPECT_EQ(skipped->triage.linear_model, nullptr);
  EXPECT_EQ(skipped->triage.linear_model_weight, 0.25);
  EXPECT_EQ(skipped->linear_model_path, (dir / "linear.tsv").string());
  { std::ofstream(dir / "linear.tsv") << "format\tcrowdsafe-linear\t1\nclass\tlife_safety\t0\n"; }
  auto loaded = LoadTriageConfigDir(dir.string());
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  ASSERT_NE(loaded->triage.linear_model, nullptr);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace cs::appeals
