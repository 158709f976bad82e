package githubfake

import (
	"fmt"
	"hash/fnv"
	"net/url"
	"strings"
)

// Accounts: every token belongs to an account, and what the token creates (deployments, their
// statuses, commit statuses, comments) names that account, as GitHub does:
//
//   - a person's token (Login): the person, type "User";
//   - a GitHub App installation's token (App): the app's bot, "SLUG[bot]", type "Bot";
//   - any other token is the workflow's GITHUB_TOKEN: github-actions[bot], type "Bot", the
//     account every workflow run on any branch writes as.
//
// GitHub reports the account as a simple-user object (deployment "creator", status "creator",
// comment "user"); the fake returns its identifying fields.

// ActionsBot is the login of the GITHUB_TOKEN's account.
const ActionsBot = "github-actions[bot]"

// actionsBotID is github-actions[bot]'s account ID on github.com.
const actionsBotID = 41898282

// App makes tok a GitHub App installation's token for the app slug (such as "acme-greenlight"):
// what it creates is by "slug[bot]", type "Bot"; GET /user answers 403, as for any
// installation's token.
func (s *Server) App(tok, slug string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.apps == nil {
		s.apps = map[string]string{}
	}
	s.apps[tok] = slug
}

// account is the simple-user object of tok's account.
func (s *Server) account(tok string) map[string]any {
	if login, ok := s.logins[tok]; ok {
		return user(login, "User", accountID(login))
	}
	if slug, ok := s.apps[tok]; ok {
		u := user(slug+"[bot]", "Bot", accountID(slug+"[bot]"))
		u["html_url"] = "https://github.com/apps/" + slug
		return u
	}
	u := user(ActionsBot, "Bot", actionsBotID)
	u["html_url"] = "https://github.com/apps/github-actions"
	return u
}

// ActionsAppID is the ID of the GitHub Actions app on github.com: what a workflow's
// GITHUB_TOKEN creates names it as performed_via_github_app.
const ActionsAppID = 15368

// AppID is the fake's ID of the GitHub App slug (what App registered): stable, as GitHub's are.
func AppID(slug string) int64 { return 2_000_000 + accountID(slug)%1_000_000 }

// app is the performed_via_github_app object of what tok creates: the App whose installation
// token it is, the GitHub Actions app for a workflow's GITHUB_TOKEN, nil for a person's token
// (GitHub's REST API returns null there).
func (s *Server) app(tok string) map[string]any {
	if _, ok := s.logins[tok]; ok {
		return nil
	}
	if slug, ok := s.apps[tok]; ok {
		id, ok := s.appIDs[slug]
		if !ok {
			id = AppID(slug)
		}
		return map[string]any{"id": id, "slug": slug, "node_id": fmt.Sprintf("A_%d", id), "name": slug,
			"owner": user("acme", "Organization", accountID("acme")), "html_url": "https://github.com/apps/" + slug}
	}
	return map[string]any{"id": ActionsAppID, "slug": "github-actions", "node_id": "MDM6QXBwMTUzNjg=", "name": "GitHub Actions",
		"owner": user("github", "Organization", 9919), "html_url": "https://github.com/apps/github-actions"}
}

// caller is the account of the request being served.
func (s *Server) caller() map[string]any { return s.account(s.tok) }

func user(login, typ string, id int64) map[string]any {
	kind := "User"
	if typ == "Bot" {
		kind = "Bot"
	}
	return map[string]any{"login": login, "id": id, "node_id": fmt.Sprintf("%s_%d", kind, id), "type": typ, "site_admin": false,
		"url":      "https://api.github.com/users/" + url.PathEscape(login),
		"html_url": "https://github.com/" + login}
}

// accountID is a stable account ID for login (GitHub's IDs do not change with the login's case).
func accountID(login string) int64 {
	h := fnv.New32a()
	h.Write([]byte(strings.ToLower(login)))
	return 1_000_000 + int64(h.Sum32()%90_000_000)
}
