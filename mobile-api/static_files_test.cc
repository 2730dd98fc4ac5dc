#include "mobile-api/static_files.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace cs::api {
namespace {

namespace fs = std::filesystem;

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    base_ = fs::temp_directory_path() / ("cs_static_" + std::to_string(::getpid()));
    fs::remove_all(base_);
    fs::create_directories(base_ / "dist/assets");
    std::ofstream(base_ / "dist/index.html") << "<html></html>";
    std::ofstream(base_ / "dist/assets/app.js") << "1";
    std::ofstream(base_ / "secret.txt") << "secret";
    fs::create_symlink(base_ / "secret.txt", base_ / "dist/leak.txt");
    root_ = (base_ / "dist").string();
  }
  void TearDown() override { fs::remove_all(base_); }
  fs::path base_;
  std::string root_;
};

TEST_F(StaticFilesTest, ServesFilesAndIndex) {
  EXPECT_EQ(*ResolveStatic(root_, "/"), fs::canonical(base_ / "dist/index.html").string());
  EXPECT_EQ(*ResolveStatic(root_, "/assets/app.js"),
            fs::canonical(base_ / "dist/assets/app.js").string());
  EXPECT_EQ(ResolveStatic(root_, "/nope.js").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(ContentTypeFor("a/b.js"), "text/javascript; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("x"), "application/octet-stream");
}

TEST_F(StaticFilesTest, RefusesTraversal) {
  for (const char* bad : {"/../secret.txt", "/assets/../../secret.txt", "/./index.html",
                          "//etc/passwd", "/assets/..", "/.env", "/a\\..\\b", "relative"}) {
    EXPECT_EQ(ResolveStatic(root_, bad).status().code(), absl::StatusCode::kInvalidArgument) << bad;
  }
  // A symlink inside the root that points outside it.
  EXPECT_EQ(ResolveStatic(root_, "/leak.txt").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ResolveStatic(root_, std::string("/a\0b", 4)).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(StaticFilesTest, MissingRootSaysNotBuilt) {
  auto r = ResolveStatic((base_ / "nowhere").string(), "/");
  EXPECT_EQ(r.status().code(), absl::StatusCode::kNotFound);
  EXPECT_NE(r.status().message().find("not built"), std::string_view::npos);
}

}  // namespace
}  // namespace cs::api
