package notify

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/slack-go/slack"
)

// Block Kit's limits for messages (Slack's Block Kit reference).
const (
	MaxBlocks          = 50
	MaxHeader          = 150
	MaxSection         = 3000
	MaxFields          = 10
	MaxField           = 2000
	MaxContextElements = 10
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

// Link is a working mrkdwn link to rawURL, shown as label (escaped): for links the bot makes
// itself, such as the run it started. Only http and https URLs are linked, with &, < and >
// escaped as Slack asks; anything else is escaped text (Escape), which forms no link.
func Link(rawURL, label string) string {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || strings.ContainsAny(rawURL, "| \t\n") {
		return Escape(rawURL)
	}
	return "<" + escaper.Replace(rawURL) + "|" + Escape(strings.ReplaceAll(label, "|", "/")) + ">"
}

// Fit cuts s to at most n runes, on a rune boundary, ending with an ellipsis when cut.
func Fit(s string, n int) string {
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

// EscapeFit escapes s and fits it into n runes.
func EscapeFit(s string, n int) string { return Fit(Escape(s), n) }

// CapBlocks keeps a message within Block Kit's limits: at most 50 blocks (the last says how
// many were left out), header and section texts and fields cut to their limits, at most 10
// fields and 10 context elements.
func CapBlocks(blocks []slack.Block) []slack.Block {
	for _, b := range blocks {
		switch b := b.(type) {
		case *slack.HeaderBlock:
			if b.Text != nil {
				b.Text.Text = Fit(b.Text.Text, MaxHeader)
			}
		case *slack.SectionBlock:
			if b.Text != nil {
				b.Text.Text = Fit(b.Text.Text, MaxSection)
			}
			if len(b.Fields) > MaxFields {
				b.Fields = b.Fields[:MaxFields]
			}
			for _, f := range b.Fields {
				f.Text = Fit(f.Text, MaxField)
			}
		case *slack.ContextBlock:
			if len(b.ContextElements.Elements) > MaxContextElements {
				b.ContextElements.Elements = b.ContextElements.Elements[:MaxContextElements]
			}
		}
	}
	if len(blocks) > MaxBlocks {
		more := len(blocks) - (MaxBlocks - 1)
		blocks = append(blocks[:MaxBlocks-1:MaxBlocks-1], slack.NewContextBlock("", slack.NewTextBlockObject(slack.MarkdownType,
			"… and "+strconv.Itoa(more)+" more", false, false)))
	}
	return blocks
}
