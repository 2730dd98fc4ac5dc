// The colour chips of the found report: one per colour the matcher knows, each sent as the
// Chinese word of services/cases/core/colour.cc's lexicon (web/test/colours.test.mjs checks
// that every word is in it). rgb is the swatch the lexicon gives the word.
export const COLOURS = [
  { word: '红', en: 'red', rgb: [200, 30, 40] },
  { word: '酒红', en: 'burgundy', rgb: [120, 25, 45] },
  { word: '粉红', en: 'pink', rgb: [245, 160, 185] },
  { word: '橙', en: 'orange', rgb: [240, 130, 35] },
  { word: '黄', en: 'yellow', rgb: [245, 210, 40] },
  { word: '绿', en: 'green', rgb: [40, 150, 70] },
  { word: '军绿', en: 'olive', rgb: [90, 100, 50] },
  { word: '浅蓝', en: 'light blue', rgb: [160, 200, 235] },
  { word: '蓝', en: 'blue', rgb: [35, 85, 190] },
  { word: '藏青', en: 'navy', rgb: [25, 35, 80] },
  { word: '紫', en: 'purple', rgb: [120, 65, 160] },
  { word: '白', en: 'white', rgb: [242, 242, 242] },
  { word: '米色', en: 'beige', rgb: [225, 212, 185] },
  { word: '灰', en: 'grey', rgb: [128, 128, 130] },
  { word: '黑', en: 'black', rgb: [25, 25, 28] },
  { word: '棕', en: 'brown', rgb: [115, 75, 45] },
  { word: '卡其', en: 'khaki', rgb: [190, 170, 120] },
];
