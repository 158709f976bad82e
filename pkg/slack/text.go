package slack

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/slack-go/slack"
)

// Block Kit's limits for messages (Slack's Block Kit reference).
const (
	maxBlocks      = 50
	maxHeader      = 150
	maxSection     = 3000
	maxFields      = 10
	maxField       = 2000
	maxContextElts = 10
)

var (
	escaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")
	// @here, @channel and @everyone would notify a whole channel with link_names; a word joiner
	// after the @ keeps them words.
	broadcast = regexp.MustCompile(`(?i)@(here|channel|everyone)\b`)
	// A bare URL is linked by Slack's clients; a word joiner after the scheme keeps it text.
	scheme = regexp.MustCompile(`(?i)\b([a-z][a-z0-9+.-]*):(//)`)
)

// Escape makes text from users, commits and other outsiders safe for mrkdwn and plain text:
// &, < and > become entities, so it can form no link, mention or <!channel>; @here, @channel,
// @everyone and URLs stay words.
func Escape(s string) string {
	s = escaper.Replace(s)
	s = broadcast.ReplaceAllString(s, "@\u2060$1")
	return scheme.ReplaceAllString(s, "$1:\u2060$2")
}

// fit cuts s to at most n runes, on a rune boundary, ending with an ellipsis when cut.
func fit(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)[:n-1]
	// Never leave half an entity (&lt;) at the end.
	if i := strings.LastIndexByte(string(r), '&'); i >= 0 && !strings.Contains(string(r)[i:], ";") {
		return strings.TrimRight(string(r)[:i], " ") + "…"
	}
	return string(r) + "…"
}

// esc escapes s and fits it into n runes.
func esc(s string, n int) string { return fit(Escape(s), n) }

// capBlocks keeps a message within Block Kit's limits: at most 50 blocks (the last says how
// many were left out), header and section texts and fields cut to their limits, at most 10
// fields and 10 context elements.
func capBlocks(blocks []slack.Block) []slack.Block {
	for _, b := range blocks {
		switch b := b.(type) {
		case *slack.HeaderBlock:
			if b.Text != nil {
				b.Text.Text = fit(b.Text.Text, maxHeader)
			}
		case *slack.SectionBlock:
			if b.Text != nil {
				b.Text.Text = fit(b.Text.Text, maxSection)
			}
			if len(b.Fields) > maxFields {
				b.Fields = b.Fields[:maxFields]
			}
			for _, f := range b.Fields {
				f.Text = fit(f.Text, maxField)
			}
		case *slack.ContextBlock:
			if len(b.ContextElements.Elements) > maxContextElts {
				b.ContextElements.Elements = b.ContextElements.Elements[:maxContextElts]
			}
		}
	}
	if len(blocks) > maxBlocks {
		more := len(blocks) - (maxBlocks - 1)
		blocks = append(blocks[:maxBlocks-1:maxBlocks-1], slack.NewContextBlock("", slack.NewTextBlockObject(slack.MarkdownType,
			"… and "+strconv.Itoa(more)+" more", false, false)))
	}
	return blocks
}
