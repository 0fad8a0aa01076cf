/**
 * Reading requests written in Japanese or Korean: their architecture words (real time, chat, room, users,
 * upload, payments, video, every night…) are glossed into English words and their counts in ten-thousands
 * (8万人, 3만 명) into plain figures before the planner reads them, as gloss.ts does for the European
 * languages. Words it does not know are left as written; English inside the text passes unchanged.
 */

/** Japanese and Korean terms and their English gloss, longest first where one contains another. */
const TERMS: [string, string][] = [
  // Japanese
  ["リアルタイム", "real-time"],
  ["チャット", "chat"],
  ["ゲーム", "game"],
  ["オンライン", "online"],
  ["ユーザー", "users"],
  ["利用者", "users"],
  ["会員", "members"],
  ["顧客", "customers"],
  ["従業員", "employees"],
  ["社員", "employees"],
  ["生徒", "students"],
  ["学生", "students"],
  ["患者", "patients"],
  ["部屋", "room"],
  ["投票", "votes"],
  ["友達", "friends"],
  ["アプリ", "app"],
  ["ウェブサイト", "website"],
  ["サイト", "site"],
  ["データベース", "database"],
  ["データ", "data"],
  ["サーバー", "servers"],
  ["動画", "video"],
  ["ライブ配信", "live stream"],
  ["配信", "streaming"],
  ["写真", "photos"],
  ["画像", "images"],
  ["アップロード", "upload"],
  ["検索", "search"],
  ["決済", "payments"],
  ["支払い", "payments"],
  ["予約", "booking"],
  ["通知", "notifications"],
  ["ログイン", "login"],
  ["センサー", "sensors"],
  ["デバイス", "devices"],
  ["機械学習", "machine learning"],
  ["学習", "training"],
  ["モデル", "model"],
  ["毎晩", "every night"],
  ["毎日", "every day"],
  ["毎週", "every week"],
  ["毎月", "every month"],
  ["毎秒", "per second"],
  ["毎分", "per minute"],
  ["秒", " seconds"],
  ["日本国内", "in Japan"],
  ["国内", "in the country"],
  // Korean
  ["월간 활성 사용자", "monthly active users"],
  ["실시간", "real-time"],
  ["채팅", "chat"],
  ["게임", "game"],
  ["온라인", "online"],
  ["사용자", "users"],
  ["이용자", "users"],
  ["회원", "members"],
  ["고객", "customers"],
  ["직원", "employees"],
  ["학생", "students"],
  ["환자", "patients"],
  ["방", " room"],
  ["투표", "votes"],
  ["친구", "friends"],
  ["웹앱", "web app"],
  ["앱", "app"],
  ["웹사이트", "website"],
  ["데이터베이스", "database"],
  ["데이터", "data"],
  ["서버", "servers"],
  ["동영상", "video"],
  ["라이브 방송", "live stream"],
  ["스트리밍", "streaming"],
  ["사진", "photos"],
  ["이미지", "images"],
  ["업로드", "upload"],
  ["검색", "search"],
  ["결제", "payments"],
  ["예약", "booking"],
  ["알림", "notifications"],
  ["로그인", "login"],
  ["리뷰", "reviews"],
  ["댓글", "comments"],
  ["좋아요", "likes"],
  ["센서", "sensors"],
  ["기기", "devices"],
  ["머신러닝", "machine learning"],
  ["매일", "every day"],
  ["매주", "every week"],
  ["매월", "every month"],
];

const CJK = /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/;
/** Counts in ten-thousands and hundred-millions: 8万, 1.5億, 3만, 2억, with an optional 約/약 hedge. */
const TEN_THOUSANDS = /(約|约|약\s?)?(\d+(?:\.\d+)?)\s?(万|萬|만|億|亿|억|千|천)/g;
const UNIT: Record<string, number> = {
  万: 1e4,
  萬: 1e4,
  만: 1e4,
  億: 1e8,
  亿: 1e8,
  억: 1e8,
  千: 1e3,
  천: 1e3,
};
/** Counter words after a figure: 12人, 300名, 3만 명, 500台 (people, devices). */
const COUNTERS: [RegExp, string][] = [
  [/(\d[\d,.]*)\s?(?:人|名|명)/g, "$1 people "],
  [/(\d[\d,.]*)\s?(?:台|대)/g, "$1 devices "],
  [/(\d[\d,.]*)\s?(?:件|건)/g, "$1 items "],
];

/** The text with its Japanese or Korean architecture words and counts in English (unchanged otherwise). */
export function glossCjk(text: string): string {
  if (!CJK.test(text)) return text;
  let out = text.replace(
    TEN_THOUSANDS,
    (_, about, n, u) => `${about ? " about" : ""} ${Math.round(Number(n) * UNIT[u])}`,
  );
  for (const [re, en] of COUNTERS) out = out.replace(re, en);
  for (const [term, en] of TERMS) out = out.split(term).join(` ${en} `);
  return out.replace(/[、。，]/g, (c) => (c === "。" ? ". " : ", ")).replace(/\s{2,}/g, " ").trim();
}
