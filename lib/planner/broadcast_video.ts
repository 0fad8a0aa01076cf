/**
 * Broadcast-grade video: what a TV network, an OTT service or a rights holder asks for — DRM (Widevine,
 * FairPlay, PlayReady), linear or 24/7 channels, a DVR or start-over window, server-side ad insertion,
 * pay-per-view. On AWS that is the Elemental chain (MediaLive encodes the live channel, MediaPackage
 * packages and encrypts it and keeps the DVR window, MediaTailor inserts ads) behind CloudFront, not IVS,
 * whose low-latency channels carry none of these.
 */

/** Words that ask for broadcast-grade delivery. */
const BROADCAST_GRADE =
  /\b(?:drm|widevine|fairplay|playready|content protection|24\/7|around the clock|linear (?:tv|channels?)|fast channels?|tv channels?|(?:\d+[\s-]hours? )?dvr(?: window)?|start[\s-]?over|catch[\s-]?up(?: tv)?|time[\s-]?shift\w*|ssai|server[\s-]side ad\w*|ad[\s-]insertion|ad[\s-]supported|pre[\s-]?rolls?|mid[\s-]?rolls?|simulcast\w*|pay[\s-]per[\s-]view|ppv|broadcast(?:ing)? rights|broadcasters?|ott (?:platform|service|app))\b/i;

/** Words that ask for ads stitched into the stream. */
const AD_INSERTION =
  /\b(?:ssai|server[\s-]side ad\w*|ad[\s-]insertion|ads? (?:inserted|stitched)|ad[\s-]supported|fast channels?|pre[\s-]?rolls?|mid[\s-]?rolls?|targeted ads?|ad breaks?|advertis\w*)\b/i;

/** Whether the text asks for broadcast-grade video, and for server-side ad insertion. */
export function broadcastVideo(text: string): { grade: boolean; ads: boolean } {
  const grade = BROADCAST_GRADE.test(text);
  return { grade, ads: grade && AD_INSERTION.test(text) };
}
