// Every UI string, in Chinese (default) and English. t('key', {n: 3}) fills {n}.
const zh = {
  app_title: 'crowdsafe 指挥台', patrol_app: '巡逻 App（发现儿童报告）', lang_switch: 'English', logout: '退出', login: '登录',
  username: '用户名', password: '密码', login_failed: '登录失败', logged_in_as: '当前用户',
  role_desk: '安保指挥台', role_patrol: '巡逻警员', role_press: '新闻办', role_admin: '管理员',
  nav_live: '实时态势', nav_cases: '案件看板', nav_appeals: '寻人启事审核', nav_inbox: '来信与口径库',
  zones: '区域承载', occupancy: '在园人数', capacity: '容量', tier: '承载等级',
  tier_CAPACITY_NORMAL: '正常', tier_CAPACITY_NOTICE: '达最佳承载', tier_CAPACITY_YELLOW: '黄色（≥80%）',
  tier_CAPACITY_ORANGE: '橙色（≥90%）', tier_CAPACITY_RED: '红色（≥100%）', tier_CAPACITY_TIER_UNSPECIFIED: '未知',
  density: '密度', per_m2: '人/㎡', fruin: 'Fruin 等级', no_camera: '无摄像头数据',
  trend: '净流入', per_min: '人/分钟', to_capacity: '{n} 分钟后满载', drift: '闸机与摄像头计数偏差',
  zone_status_red: '危急', zone_status_orange: '警告', cameras: '摄像头密度', heatmap_none: '暂无热力图',
  heatmap_of: '{cam} 密度热力图', region: '区域', area: '面积', curve: '今日在园人数曲线',
  curve_empty: '暂无历史数据', gates: '闸机流量', gate: '闸机', flow: '流量', utilisation: '利用率',
  green_guide: 'Green Guide 上限', venue_total: '全园', updated: '更新于 {t}',
  alerts: '告警', alerts_none: '当前无告警', ack: '确认', ack_note: '备注（可选）',
  acked_by: '{who} 已确认', escalated: '已升级 {n} 级', raised_at: '发生于 {t}',
  sev_SEVERITY_CRITICAL: '危急', sev_SEVERITY_WARNING: '警告', sev_SEVERITY_INFO: '提示',
  st_ALERT_RAISED: '待确认', st_ALERT_ACKNOWLEDGED: '已确认', st_ALERT_ESCALATED: '已升级', st_ALERT_CLEARED: '已解除',
  stream_live: '实时连接', stream_down: '连接中断，正在重连…',
  cases_missing: '走失报告（家长）', cases_found: '发现儿童（警员）', cases_none: '无未结案件',
  case_open_for: '已 {t}', stage: '升级阶段 {n}', select_case: '选择一个案件查看详情',
  cs_CASE_OPEN: '待处理', cs_CASE_MATCH_PROPOSED: '疑似匹配', cs_CASE_MATCH_CONFIRMED: '匹配已确认',
  cs_CASE_GUARDIAN_VERIFIED: '监护人已核验', cs_CASE_REUNITED: '已交接', cs_CASE_CLOSED: '已结案',
  cs_CASE_CANCELLED: '已撤销', cs_CASE_DUPLICATE: '重复报告', cs_CASE_PURGED: '已清除',
  kind_CASE_MISSING: '走失', kind_CASE_FOUND: '发现',
  sex: '性别', sex_SEX_MALE: '男', sex_SEX_FEMALE: '女', sex_SEX_UNSPECIFIED: '不详',
  age: '年龄', years: '{a}–{b} 岁', height: '身高', cm: '厘米', top: '上衣', bottom: '下装',
  hat: '帽子', shoes: '鞋', features: '特征', language: '语言', zone: '区域', when: '时间',
  held_at: '现在何处', last_seen: '最后出现', restricted: '受限信息（仅指挥台）',
  show_restricted: '查看受限信息', reason: '理由', child_name: '儿童姓名', guardian_name: '监护人',
  guardian_phone: '监护人电话', restricted_hidden: '受限信息已隐藏',
  candidates: '匹配候选', candidates_none: '暂无候选', score: '得分', weight: '权重',
  feature: '特征项', explanation: '说明', warning: '矛盾', this_case: '本案', candidate: '候选',
  photo_unavailable: '照片不可用', confirm_match: '确认匹配', link_duplicate: '标记为重复',
  transition: '变更状态', to_state: '目标状态', verify_guardian: '核验监护人', doc_type: '证件类型',
  doc_number: '证件号码', handover: '交接', note: '备注', submit: '提交', done: '已完成',
  doc_resident_id: '居民身份证', doc_passport: '护照', doc_hk_macau_permit: '港澳通行证',
  audit: '审计记录', surname_consent: '监护人同意公开姓氏（××小朋友）', verified: '已核验：{doc} {num}', new_missing: '登记走失报告', file_report: '登记',
  appeals: '寻人启事', appeals_none: '无寻人启事', select_appeal: '选择一条寻人启事',
  ap_APPEAL_DRAFT: '草稿', ap_APPEAL_IN_REVIEW: '待审核', ap_APPEAL_APPROVED: '已批准',
  ap_APPEAL_PUBLISHED: '已发布', ap_APPEAL_UPDATED: '已更新', ap_APPEAL_RETRACTED: '已撤回',
  ap_APPEAL_REJECTED: '已驳回', ap_APPEAL_EXPIRED: '已过期',
  ak_APPEAL_FOUND_CHILD: '寻找走失儿童家长', ak_APPEAL_MISSING_CHILD: '寻人启事', ak_APPEAL_FOLLOW_UP: '后续（已找到）',
  author: '起草人', version: '版本 {n}', headline: '短版（≤140）', long_text: '长版（≤2000）',
  weibo_len: '微博字数 {n}/{max}', over_limit: '超出上限', preview: '微博预览', account: '海洋公园警务',
  pii_findings: '隐私检查结果', pii_none: '未发现需移除的个人信息', pii_removed: '已移除', pii_refused: '已拒绝',
  pii_not_descriptive: '非外貌描述的句子（整句删除）',
  needs_translation: '英文版需要翻译', needs_translation_hint: '以下短语没有英文译法，英文版中已省略。请编辑英文版补上后再提交审核：',
  needs_translation_zh: '中文版需要翻译', needs_translation_zh_hint: '以下英文短语没有中文译法，简体和繁体中文版中均已省略。请编辑两个中文版补上后再提交审核：',
  diff: '版本对比', diff_from: '从', diff_to: '到', show_diff: '对比', approve: '批准', reject: '驳回',
  publish: '发布', retract: '撤回', submit_review: '提交审核', lift_blur: '取消人脸模糊', post_url: '微博链接',
  photo_as_published: '照片（发布时的样子）', photo_published: '将发布的照片',
  photo_blurred: '人脸已模糊（检测到 {n} 处）', photo_no_face: '未检测到人脸：发布前请检查照片（现按整张模糊发布）', photo_unblurred: '不模糊发布（已经第二人批准）',
  photo_lift_pending: '{who} 申请取消模糊，待另一位新闻官批准', photo_lift_preview: '批准后将发布的照片（未模糊）',
  edit: '编辑', save: '保存新版本', reject_reason: '驳回理由', retract_reason: '撤回理由',
  self_approve: '不能批准自己起草的启事', published_at: '已发布：{url}',
  match_warning: '注意：该案件已有高分匹配候选（{case}，得分 {score}，通知阈值 {threshold}）。孩子可能已被找到，请先确认或排除匹配。',
  match_unchecked: '注意：无法向案件服务确认是否已有匹配候选。',
  publish_anyway: '仍然发布（须填写理由，记入审计）',
  inbox: '来信', inbox_none: '暂无来信', deadline: '时限', overdue: '已超时', answer: '回复',
  answer_library: '口径库', search: '搜索', search_ph: '关键词，如 走失 / lost', hits_none: '无匹配口径',
  use_answer: '采用此口径', channel: '渠道', category: '类别', department: '部门',
  mc_MESSAGE_CONSULTATION: '咨询', mc_MESSAGE_HELP: '求助', mc_MESSAGE_COMPLAINT: '投诉', mc_MESSAGE_TIP: '线索',
  label_likely: '很可能', label_possible: '可能', tied: '同分，需人工比较',
  mc_MESSAGE_REPORT: '举报', mc_MESSAGE_LIFE_SAFETY: '生命安全', mc_MESSAGE_CATEGORY_UNSPECIFIED: '未分类',
  dl_REPLY_QUEUED: '待发送', dl_REPLY_SENT: '已发送', dl_REPLY_FAILED: '发送失败，请人工回复', auto_reply: '自动回复（非值守时间）',
  page_acked: '指挥中心已确认：{who} {t}', page_waiting: '等待指挥中心确认',
  ms_MESSAGE_RECEIVED: '已收到', ms_MESSAGE_ROUTED: '已分派', ms_MESSAGE_ANSWERED: '已答复', ms_MESSAGE_CLOSED: '已关闭',
  route: '分派', sender: '发送者', draft_reply: '建议回复',
  error: '出错了', error_status: '{status} {title}', error_field: '字段：{field}',
  not_available: '该功能暂不可用（服务未实现）', loading: '加载中…', retry: '重试', close: '关闭',
  // The accountability report (views/report.js).
  nav_report: '通报', rep_title: '来信办理情况通报', rep_weeks: '时间范围', rep_last_weeks: '最近{n}周',
  rep_period: '统计区间：{from} – {to}', rep_by_department: '各部门办理情况', rep_chart: '每周办理情况',
  rep_received: '收到', rep_on_time: '按时答复', rep_late: '超时答复', rep_overdue: '逾期未答复', rep_open: '办理中',
  rep_rate: '按时率', rep_median: '答复用时中位数', rep_none: '该时段无来信', rep_print: '打印 / 导出PDF',
  dur_min: '{m} 分钟', dur_h_min: '{h} 小时 {m} 分',
  // The library learning from the desk (views/proposals.js).
  propose_answer: '存入口径库（需另一人审核）', proposals: '待审核口径', proposals_none: '暂无待审核口径',
  proposed_by: '提议人 {who}', proposal_own: '本人提议，须由另一名新闻办人员审核', approve_answer: '审核通过，入库',
  // Tips as case evidence (views/tip_cases.js).
  tip_find_cases: '查找相关案件', tip_understood: '识别：{what}（区域：{zone}）', tip_no_cases: '无相符的未结案件',
  tip_link: '确认关联此案件', tip_linked: '已关联案件 {id}',
};

const en = {
  app_title: 'crowdsafe dashboard', patrol_app: 'Patrol app (found-child report)', lang_switch: '中文', logout: 'Log out', login: 'Log in',
  username: 'Username', password: 'Password', login_failed: 'Login failed', logged_in_as: 'Signed in',
  role_desk: 'Security desk', role_patrol: 'Patrol officer', role_press: 'Press office', role_admin: 'Admin',
  nav_live: 'Live venue', nav_cases: 'Case board', nav_appeals: 'Appeal review', nav_inbox: 'Inbox & answers',
  zones: 'Zones', occupancy: 'Occupancy', capacity: 'Capacity', tier: 'Tier',
  tier_CAPACITY_NORMAL: 'Normal', tier_CAPACITY_NOTICE: 'At best capacity', tier_CAPACITY_YELLOW: 'Yellow (≥80%)',
  tier_CAPACITY_ORANGE: 'Orange (≥90%)', tier_CAPACITY_RED: 'Red (≥100%)', tier_CAPACITY_TIER_UNSPECIFIED: 'Unknown',
  density: 'Density', per_m2: 'p/m²', fruin: 'Fruin level', no_camera: 'no camera data',
  trend: 'Net flow', per_min: 'p/min', to_capacity: 'full in {n} min', drift: 'gate and camera counts disagree',
  zone_status_red: 'Critical', zone_status_orange: 'Warning', cameras: 'Camera density', heatmap_none: 'no heatmap yet',
  heatmap_of: 'density heatmap of {cam}', region: 'Region', area: 'Area', curve: "Today's occupancy",
  curve_empty: 'no history yet', gates: 'Gate flows', gate: 'Gate', flow: 'Flow', utilisation: 'Utilisation',
  green_guide: 'Green Guide limit', venue_total: 'Whole venue', updated: 'updated {t}',
  alerts: 'Alerts', alerts_none: 'No open alerts', ack: 'Acknowledge', ack_note: 'Note (optional)',
  acked_by: 'acknowledged by {who}', escalated: 'escalated, level {n}', raised_at: 'raised {t}',
  sev_SEVERITY_CRITICAL: 'Critical', sev_SEVERITY_WARNING: 'Warning', sev_SEVERITY_INFO: 'Info',
  st_ALERT_RAISED: 'Raised', st_ALERT_ACKNOWLEDGED: 'Acknowledged', st_ALERT_ESCALATED: 'Escalated', st_ALERT_CLEARED: 'Cleared',
  stream_live: 'live', stream_down: 'disconnected, reconnecting…',
  cases_missing: 'Missing (guardians)', cases_found: 'Found (officers)', cases_none: 'No open cases',
  case_open_for: 'open {t}', stage: 'stage {n}', select_case: 'Select a case to see it',
  cs_CASE_OPEN: 'Open', cs_CASE_MATCH_PROPOSED: 'Match proposed', cs_CASE_MATCH_CONFIRMED: 'Match confirmed',
  cs_CASE_GUARDIAN_VERIFIED: 'Guardian verified', cs_CASE_REUNITED: 'Reunited', cs_CASE_CLOSED: 'Closed',
  cs_CASE_CANCELLED: 'Cancelled', cs_CASE_DUPLICATE: 'Duplicate', cs_CASE_PURGED: 'Purged',
  kind_CASE_MISSING: 'Missing', kind_CASE_FOUND: 'Found',
  sex: 'Sex', sex_SEX_MALE: 'male', sex_SEX_FEMALE: 'female', sex_SEX_UNSPECIFIED: 'unknown',
  age: 'Age', years: '{a}–{b} years', height: 'Height', cm: 'cm', top: 'Top', bottom: 'Bottom',
  hat: 'Hat', shoes: 'Shoes', features: 'Features', language: 'Language', zone: 'Zone', when: 'Time',
  held_at: 'Held at', last_seen: 'Last seen', restricted: 'Restricted (desk only)',
  show_restricted: 'Show restricted part', reason: 'Reason', child_name: "Child's name", guardian_name: 'Guardian',
  guardian_phone: "Guardian's phone", restricted_hidden: 'restricted part withheld',
  candidates: 'Match candidates', candidates_none: 'No candidates yet', score: 'Score', weight: 'Weight',
  feature: 'Feature', explanation: 'Explanation', warning: 'Contradiction', this_case: 'This case', candidate: 'Candidate',
  photo_unavailable: 'photo unavailable', confirm_match: 'Confirm match', link_duplicate: 'Mark duplicate',
  transition: 'Change state', to_state: 'New state', verify_guardian: 'Verify guardian', doc_type: 'Document type',
  doc_number: 'Document number', handover: 'Hand over', note: 'Note', submit: 'Submit', done: 'Done',
  doc_resident_id: 'Resident ID', doc_passport: 'Passport', doc_hk_macau_permit: 'HK/Macau permit',
  audit: 'Audit log', surname_consent: 'the guardian agrees the surname may be published', verified: 'verified: {doc} {num}', new_missing: 'New missing report', file_report: 'File',
  appeals: 'Appeals', appeals_none: 'No appeals', select_appeal: 'Select an appeal',
  ap_APPEAL_DRAFT: 'Draft', ap_APPEAL_IN_REVIEW: 'In review', ap_APPEAL_APPROVED: 'Approved',
  ap_APPEAL_PUBLISHED: 'Published', ap_APPEAL_UPDATED: 'Updated', ap_APPEAL_RETRACTED: 'Retracted',
  ap_APPEAL_REJECTED: 'Rejected', ap_APPEAL_EXPIRED: 'Expired',
  ak_APPEAL_FOUND_CHILD: 'Found child', ak_APPEAL_MISSING_CHILD: 'Missing child', ak_APPEAL_FOLLOW_UP: 'Follow-up',
  author: 'Author', version: 'version {n}', headline: 'Headline (≤140)', long_text: 'Long text (≤2000)',
  weibo_len: 'Weibo length {n}/{max}', over_limit: 'over the limit', preview: 'Weibo preview', account: 'Ocean Park Police',
  pii_findings: 'PII guard', pii_none: 'nothing personal was found in the input', pii_removed: 'removed', pii_refused: 'refused',
  pii_not_descriptive: 'a sentence not describing the child (left out whole)',
  needs_translation: 'English needs translation', needs_translation_hint: 'These phrases have no English yet and were left out of the English version. Edit the English to add them before submitting:',
  needs_translation_zh: 'Chinese needs translation', needs_translation_zh_hint: 'These phrases were typed in English, have no Chinese yet and were left out of both Chinese versions. Edit both Chinese versions to add them before submitting:',
  diff: 'Compare versions', diff_from: 'from', diff_to: 'to', show_diff: 'Compare', approve: 'Approve', reject: 'Reject',
  publish: 'Publish', retract: 'Retract', submit_review: 'Submit for review', lift_blur: 'Lift face blur', post_url: 'Weibo post URL',
  photo_as_published: 'Photo as it will be published', photo_published: 'photo as it will be published',
  photo_blurred: 'faces blurred ({n} found)', photo_no_face: 'no face found: check the photo before publishing (it is published blurred whole until then)', photo_unblurred: 'published unblurred (approved by a second officer)',
  photo_lift_pending: '{who} asked to lift the blur; another press officer must approve', photo_lift_preview: 'what approval would publish (unblurred)',
  edit: 'Edit', save: 'Save new version', reject_reason: 'Reason for rejecting', retract_reason: 'Reason for retracting',
  self_approve: 'you cannot approve an appeal you drafted', published_at: 'published: {url}',
  match_warning: 'Warning: this case already has a strong match candidate ({case}, score {score}, notify threshold {threshold}). The child may have been found: confirm or rule out the match first.',
  match_unchecked: 'Warning: case-service could not be asked whether this case has a match candidate.',
  publish_anyway: 'Publish anyway (reason required, audited)',
  inbox: 'Inbox', inbox_none: 'No messages', deadline: 'Deadline', overdue: 'overdue', answer: 'Answer',
  answer_library: 'Answer library', search: 'Search', search_ph: 'keywords, e.g. 走失 / lost', hits_none: 'no matching answers',
  use_answer: 'Use this answer', channel: 'Channel', category: 'Category', department: 'Department',
  mc_MESSAGE_CONSULTATION: 'consultation', mc_MESSAGE_HELP: 'help', mc_MESSAGE_COMPLAINT: 'complaint', mc_MESSAGE_TIP: 'tip',
  label_likely: 'likely', label_possible: 'possible', tied: 'tied: compare by hand',
  mc_MESSAGE_REPORT: 'report', mc_MESSAGE_LIFE_SAFETY: 'life safety', mc_MESSAGE_CATEGORY_UNSPECIFIED: 'uncategorised',
  dl_REPLY_QUEUED: 'queued', dl_REPLY_SENT: 'sent', dl_REPLY_FAILED: 'not sent: answer by hand', auto_reply: 'Automatic reply (out of hours)',
  page_acked: 'command centre acknowledged: {who} {t}', page_waiting: 'waiting for the command centre',
  ms_MESSAGE_RECEIVED: 'received', ms_MESSAGE_ROUTED: 'routed', ms_MESSAGE_ANSWERED: 'answered', ms_MESSAGE_CLOSED: 'closed',
  route: 'Route', sender: 'Sender', draft_reply: 'Suggested reply',
  error: 'Error', error_status: '{status} {title}', error_field: 'field: {field}',
  not_available: 'not available yet (the service does not implement it)', loading: 'Loading…', retry: 'Retry', close: 'Close',
  // The accountability report (views/report.js).
  nav_report: 'Report', rep_title: 'Inbox accountability report', rep_weeks: 'Period', rep_last_weeks: 'last {n} weeks',
  rep_period: 'Period: {from} – {to}', rep_by_department: 'By department', rep_chart: 'Per week',
  rep_received: 'Received', rep_on_time: 'Answered on time', rep_late: 'Answered late', rep_overdue: 'Overdue', rep_open: 'Open',
  rep_rate: 'On-time rate', rep_median: 'Median response', rep_none: 'No messages in this period', rep_print: 'Print / PDF',
  dur_min: '{m} min', dur_h_min: '{h} h {m} min',
  // The library learning from the desk (views/proposals.js).
  propose_answer: 'Save to the library (needs a second officer)', proposals: 'Answers awaiting review', proposals_none: 'Nothing awaiting review',
  proposed_by: 'proposed by {who}', proposal_own: 'your own proposal: another press officer must review it', approve_answer: 'Approve into the library',
  // Tips as case evidence (views/tip_cases.js).
  tip_find_cases: 'Find matching cases', tip_understood: 'read: {what} (zone: {zone})', tip_no_cases: 'no open case fits',
  tip_link: 'Link to this case', tip_linked: 'linked to case {id}',
};

const dictionaries = { zh, en };
// An entry point adds its own strings (the patrol app's are in patrol/strings.js).
export function addStrings(more) {
  Object.assign(zh, more.zh);
  Object.assign(en, more.en);
}
let current = localStorage.getItem('cs.lang') === 'en' ? 'en' : 'zh';

export function lang() { return current; }
export function setLang(l) {
  current = l === 'en' ? 'en' : 'zh';
  localStorage.setItem('cs.lang', current);
  document.documentElement.lang = current === 'zh' ? 'zh-CN' : 'en';
}
export function t(key, vars) {
  let s = dictionaries[current][key] ?? dictionaries.zh[key] ?? key;
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.replaceAll(`{${k}}`, String(v));
  return s;
}
// A label for an enum value, falling back to the value itself.
export function tEnum(prefix, value) {
  const key = `${prefix}_${value}`;
  return dictionaries[current][key] ?? value ?? '';
}
// Zone or message text in the current language from a {zh, en} pair.
export function pick(zhText, enText) { return current === 'en' ? (enText || zhText) : (zhText || enText); }
