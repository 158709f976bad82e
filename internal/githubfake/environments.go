package githubfake

import (
	"net/http"
	"strings"
)

// Environment is a GitHub Environment's protection as "Create or update an environment" and
// "Create a deployment branch policy" set it (docs.github.com/rest/deployments/environments,
// /rest/deployments/branch-policies).
type Environment struct {
	// WaitTimer is the wait timer in minutes (a protection rule of type wait_timer); 0: none.
	WaitTimer int
	// Reviewers are the required reviewers' logins (a rule of type required_reviewers).
	Reviewers []string
	// PreventSelfReview is that rule's prevent_self_review.
	PreventSelfReview bool
	// ProtectedBranches and CustomBranchPolicies are deployment_branch_policy; both false is
	// GitHub's default, every branch may deploy (deployment_branch_policy: null). GitHub
	// allows at most one of them.
	ProtectedBranches, CustomBranchPolicies bool
	// Policies are the custom deployment branch and tag policies (with CustomBranchPolicies).
	Policies []BranchPolicy
}

// BranchPolicy is one deployment branch policy: a name pattern (fnmatch, as GitHub's) of
// Type "branch" (the default) or "tag".
type BranchPolicy struct{ Name, Type string }

// ProductionProtected is the production environment New gives a repository: restricted to
// main by a custom deployment branch policy, as docs/getting-started.md sets it up.
var ProductionProtected = Environment{CustomBranchPolicies: true, Policies: []BranchPolicy{{Name: "main", Type: "branch"}}}

// SetEnvironment creates or replaces the environment name.
func (s *Server) SetEnvironment(name string, e Environment) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.setEnvironment(name, e)
}

func (s *Server) setEnvironment(name string, e Environment) {
	if s.envs == nil {
		s.envs = map[string]*Environment{}
	}
	e.Policies = append([]BranchPolicy(nil), e.Policies...)
	s.envs[strings.ToLower(name)] = &e
	s.envNames = append(s.envNames, name)
}

// DeleteEnvironment deletes the environment name: GitHub then answers 404 for it, until a
// deployment to it creates it again, open to every branch.
func (s *Server) DeleteEnvironment(name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.envs, strings.ToLower(name))
}

// environmentNamed is the environment a path names (GitHub's names are not case sensitive).
func (s *Server) environmentNamed(name string) (*Environment, string, bool) {
	e, ok := s.envs[strings.ToLower(name)]
	if !ok {
		return nil, "", false
	}
	for i := len(s.envNames) - 1; i >= 0; i-- {
		if strings.EqualFold(s.envNames[i], name) {
			return e, s.envNames[i], true
		}
	}
	return e, name, true
}

// getEnvironment answers GET /repos/{owner}/{repo}/environments/{environment_name} ("Get an
// environment"): protection_rules (wait_timer, required_reviewers, branch_policy) and
// deployment_branch_policy, null when every branch may deploy; 404 for an environment the
// repository does not have.
func (s *Server) getEnvironment(w http.ResponseWriter, r *http.Request, a []string) {
	e, name, ok := s.environmentNamed(a[2])
	if !ok {
		apiError(w, http.StatusNotFound, "Not Found", "https://docs.github.com/rest/deployments/environments#get-an-environment")
		return
	}
	base := "/repos/" + a[0] + "/" + a[1]
	rules := []map[string]any{}
	if e.WaitTimer > 0 {
		rules = append(rules, map[string]any{"id": 3736, "node_id": "MDQ6R2F0ZTM3MzY=", "type": "wait_timer", "wait_timer": e.WaitTimer})
	}
	if len(e.Reviewers) > 0 {
		var rv []map[string]any
		for i, login := range e.Reviewers {
			rv = append(rv, map[string]any{"type": "User", "reviewer": map[string]any{"login": login, "id": 1000 + i, "type": "User"}})
		}
		rules = append(rules, map[string]any{"id": 3755, "node_id": "MDQ6R2F0ZTM3NTU=", "type": "required_reviewers",
			"prevent_self_review": e.PreventSelfReview, "reviewers": rv})
	}
	var policy any // null: every branch may deploy
	if e.ProtectedBranches || e.CustomBranchPolicies {
		rules = append(rules, map[string]any{"id": 3756, "node_id": "MDQ6R2F0ZTM3NTY=", "type": "branch_policy"})
		policy = map[string]any{"protected_branches": e.ProtectedBranches, "custom_branch_policies": e.CustomBranchPolicies}
	}
	writeJSON(w, 200, map[string]any{"id": 161088068, "node_id": "MDExOkVudmlyb25tZW50MTYxMDg4MDY4", "name": name,
		"url": "http://" + r.Host + base + "/environments/" + name, "html_url": "https://github.com/" + a[0] + "/" + a[1] + "/deployments/activity_log?environments_filter=" + name,
		"created_at": "2020-11-23T22:00:40Z", "updated_at": "2020-11-23T22:00:40Z", "can_admins_bypass": true,
		"protection_rules": rules, "deployment_branch_policy": policy})
}

// listBranchPolicies answers GET .../environments/{environment_name}/deployment-branch-policies
// ("List deployment branch policies"): total_count and branch_policies (id, node_id, name,
// type), paginated; 404 for an environment the repository does not have.
func (s *Server) listBranchPolicies(w http.ResponseWriter, r *http.Request, a []string) {
	e, _, ok := s.environmentNamed(a[2])
	if !ok {
		apiError(w, http.StatusNotFound, "Not Found", "https://docs.github.com/rest/deployments/branch-policies#list-deployment-branch-policies")
		return
	}
	var all []map[string]any
	for i, p := range e.Policies {
		typ := p.Type
		if typ == "" {
			typ = "branch"
		}
		all = append(all, map[string]any{"id": 361471 + i, "node_id": "MDE2OkdhdGVCcmFuY2hQb2xpY3kzNjE0NzE=", "name": p.Name, "type": typ})
	}
	items := page(w, r, all)
	if items == nil {
		items = []map[string]any{}
	}
	writeJSON(w, 200, map[string]any{"total_count": len(all), "branch_policies": items})
}
