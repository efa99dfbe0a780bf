import Campaigns
import Foundation
import Testing

@Suite struct SMSSegmenterTests {
    /// Removes the `(i/n)` prefix of each of `count` messages.
    private func stripped(_ segments: [String]) -> [String] {
        segments.enumerated().map { index, segment in
            let prefix = SMSSegmenter.prefix(index + 1, of: segments.count)
            #expect(segment.hasPrefix(prefix), "segment \(index + 1) lacks \(prefix): \(segment)")
            return String(segment.dropFirst(prefix.count))
        }
    }

    static let texts: [String] = [
        "【心桥】高考倒计时一周。家里一切照常，让孩子每晚睡够8小时，考完一科不追问一科。孩子焦虑难眠、情绪持续低落，可拨打12356心理援助热线倾诉。",
        String(repeating: "孩子的情绪需要被看见，", count: 30) + "有困难请拨打12356。",
        String(repeating: "心", count: 1_000),
        String(repeating: "家长朋友们好！“别急。”", count: 25),
        String(repeating: "Please call 12356 or 12355 if your child needs help, ", count: 12),
        String(repeating: "👨‍👩‍👧加油。", count: 40),
    ]

    @Test(arguments: SMSSegmenterTests.texts)
    func everySegmentFitsAndThePiecesGiveBackTheText(text: String) {
        let segments = SMSSegmenter.segments(text)
        #expect(segments.count > 1)
        for segment in segments { #expect(segment.count <= 70, "\(segment.count): \(segment)") }
        #expect(stripped(segments).joined() == text)
        #expect(SMSSegmenter.pieces(text).joined() == text)
    }

    @Test func seventyCharactersStayOneMessageWithoutPrefix() {
        let text = String(repeating: "家", count: 69) + "。"
        #expect(text.count == 70)
        #expect(SMSSegmenter.segments(text) == [text])
    }

    @Test func seventyOneCharactersBecomeTwo() {
        let text = String(repeating: "家", count: 71)
        let segments = SMSSegmenter.segments(text)
        #expect(segments.count == 2)
        #expect(segments[0].hasPrefix("(1/2)") && segments[1].hasPrefix("(2/2)"))
        #expect(segments.allSatisfy { $0.count <= 70 })
        #expect(stripped(segments).joined() == text)
    }

    @Test func emptyTextHasNoSegments() {
        #expect(SMSSegmenter.segments("").isEmpty)
    }

    @Test func breaksAfterSentencePunctuationWithItsClosingQuote() {
        // Given a first sentence ending in 。” at character 50, then more text than fits
        let first = String(repeating: "好", count: 47) + "。”"
        let text = first + "好" + String(repeating: "的", count: 40) + "。"
        // Then the first message ends right after the closing quote
        let pieces = SMSSegmenter.pieces(text)
        #expect(pieces.first == first)
    }

    @Test func prefersAClauseMarkToACutAndNeverSplitsANumber() {
        // Given no sentence end, a comma at 40, and a hotline number straddling the limit
        let text = String(repeating: "请", count: 39) + "，" + String(repeating: "您", count: 23) + "12356" + String(repeating: "号", count: 20)
        let pieces = SMSSegmenter.pieces(text)
        #expect(pieces.first?.hasSuffix("，") == true)
        #expect(pieces.contains { $0.contains("12356") })
        // And without any punctuation the cut moves before the number
        let bare = String(repeating: "请", count: 62) + "12356" + String(repeating: "号", count: 20)
        let cut = SMSSegmenter.pieces(bare)
        #expect(cut.first == String(repeating: "请", count: 62))
        #expect(cut.joined() == bare)
    }

    @Test func countsCharactersNotBytesAndNeverSplitsOne() {
        // A family emoji is one Character of several scalars: it is counted once and never cut.
        let text = String(repeating: "👨‍👩‍👧", count: 100)
        let pieces = SMSSegmenter.pieces(text)
        #expect(pieces.allSatisfy { $0.allSatisfy { $0 == "👨‍👩‍👧" } })
        #expect(pieces.joined() == text)
    }

    @Test func tenOrMoreMessagesGetWiderPrefixesThatStillFit() {
        let text = String(repeating: "心", count: 700)
        let segments = SMSSegmenter.segments(text)
        #expect(segments.count >= 11)
        #expect(segments[9].hasPrefix("(10/\(segments.count))"))
        #expect(segments.allSatisfy { $0.count <= 70 })
        #expect(stripped(segments).joined() == text)
    }
}

@Suite struct WebhookPolicyTests {
    @Test func backsOffThenGivesUpAfterSixAttempts() {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let waits = (1...5).map { Webhook.retryAt(afterAttempts: $0, now: now)?.timeIntervalSince(now) }
        #expect(waits == [60, 300, 1_800, 7_200, 43_200])
        #expect(Webhook.retryAt(afterAttempts: 6, now: now) == nil)
        #expect(Webhook.maxAttempts == 6)
    }

    @Test func onlyHTTPAndHTTPSURLsAreAccepted() throws {
        #expect(try Webhook.endpoint("https://example.org/hook").host == "example.org")
        #expect(try Webhook.endpoint(" HTTP://127.0.0.1:8080/x ").port == 8080)
        for bad in ["ftp://example.org/x", "javascript:alert(1)", "example.org/hook", "file:///etc/passwd", "http://", "mailto:a@b.c"] {
            #expect(throws: CampaignError.invalidWebhookURL(bad)) { try Webhook.endpoint(bad) }
        }
        #expect(throws: CampaignError.webhookNotConfigured) { try Webhook.endpoint(nil) }
        #expect(throws: CampaignError.webhookNotConfigured) { try Webhook.endpoint("  ") }
    }

    @Test func idempotencyKeyIsTheDeliveryWithNonASCIIPercentEncoded() {
        #expect(Webhook.idempotencyKey(campaign: "letter-duanwu-2027-06-09", parent: "p1") == "letter-duanwu-2027-06-09/p1")
        #expect(Webhook.idempotencyKey(campaign: "c-浙江", parent: "p1") == "c-%E6%B5%99%E6%B1%9F/p1")
    }

    @Test func payloadHasTheFiveFields() throws {
        let payload = Webhook.Payload(campaign: "c1", parent: "p1", title: "信", sentAt: Date(timeIntervalSince1970: 1_811_757_600))
        let object = try JSONSerialization.jsonObject(with: try JSONEncoder().encode(payload)) as? [String: String]
        #expect(object == ["delivery_id": "c1/p1", "campaign": "c1", "parent": "p1", "title": "信", "sent_at": "2027-05-31T18:00:00+08:00"])
    }
}
