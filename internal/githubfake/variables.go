package githubfake

import (
	"encoding/json"
	"net/http"
	"strings"
	"time"
)

// Repository variables of GitHub Actions ("REST API endpoints for GitHub Actions variables"):
// create, update and read, with the fine-grained permission GitHub asks for ("Variables",
// actions_variables: read to read, write to create or update). A workflow's GITHUB_TOKEN can
// have no such permission (it is not among the `permissions:` a workflow may ask for), so
// WorkflowPermissions has none and a workflow's requests are refused, as on GitHub, with
// 403 "Resource not accessible by integration".
//
// Names are GitHub's: letters, digits and underscores, not starting with a digit or GITHUB_,
// case-insensitive (stored upper-case, as GitHub shows them); a value is at most 48 KB.

// variable is one repository variable.
type variable struct {
	name, value      string
	created, updated time.Time
}

const variablesDoc = "https://docs.github.com/rest/actions/variables"

// maxVariableValue is GitHub's limit on one variable's value: 48 KB.
const maxVariableValue = 48 * 1024

// validVariableName says whether GitHub accepts name for a variable.
func validVariableName(name string) bool {
	if name == "" || name[0] >= '0' && name[0] <= '9' || strings.HasPrefix(strings.ToUpper(name), "GITHUB_") {
		return false
	}
	for _, c := range name {
		if !(c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}

func (s *Server) variableJSON(v *variable) map[string]any {
	return map[string]any{"name": v.name, "value": v.value,
		"created_at": v.created.UTC().Format(time.RFC3339), "updated_at": v.updated.UTC().Format(time.RFC3339)}
}

// getVariable answers GET /repos/{owner}/{repo}/actions/variables/{name}.
func (s *Server) getVariable(w http.ResponseWriter, r *http.Request, a []string) {
	v := s.vars[strings.ToUpper(a[2])]
	if v == nil {
		apiError(w, 404, "Not Found", variablesDoc+"#get-a-repository-variable")
		return
	}
	writeJSON(w, 200, s.variableJSON(v))
}

// variableBody reads a create or update request's body: name and value, both required to
// create; value required to update.
func variableBody(w http.ResponseWriter, r *http.Request, create bool) (name, value string, ok bool) {
	var body struct {
		Name  *string `json:"name"`
		Value *string `json:"value"`
	}
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(&body); err != nil {
		apiError(w, 400, "Problems parsing JSON", variablesDoc)
		return "", "", false
	}
	if body.Value == nil || create && body.Name == nil {
		apiError(w, 422, "Invalid request.\n\n\"name\" and \"value\" are required.", variablesDoc)
		return "", "", false
	}
	if len(*body.Value) > maxVariableValue {
		apiError(w, 422, "Variable value is too large (maximum 48 KB).", variablesDoc)
		return "", "", false
	}
	if body.Name != nil {
		name = *body.Name
		if !validVariableName(name) {
			apiError(w, 422, "Variable name is invalid: names may contain only letters, digits and underscores, and may not start with a digit or GITHUB_.", variablesDoc)
			return "", "", false
		}
	}
	return name, *body.Value, true
}

// createVariable answers POST /repos/{owner}/{repo}/actions/variables: 201, or 409 when the
// name is taken.
func (s *Server) createVariable(w http.ResponseWriter, r *http.Request, a []string) {
	name, value, ok := variableBody(w, r, true)
	if !ok {
		return
	}
	key := strings.ToUpper(name)
	if s.vars[key] != nil {
		apiError(w, 409, "Already exists - Variable already exists", variablesDoc+"#create-a-repository-variable")
		return
	}
	if s.vars == nil {
		s.vars = map[string]*variable{}
	}
	now := time.Now()
	s.vars[key] = &variable{name: key, value: value, created: now, updated: now}
	writeJSON(w, 201, map[string]any{})
}

// updateVariable answers PATCH /repos/{owner}/{repo}/actions/variables/{name}: 204, or 404.
func (s *Server) updateVariable(w http.ResponseWriter, r *http.Request, a []string) {
	v := s.vars[strings.ToUpper(a[2])]
	if v == nil {
		apiError(w, 404, "Not Found", variablesDoc+"#update-a-repository-variable")
		return
	}
	name, value, ok := variableBody(w, r, false)
	if !ok {
		return
	}
	if name != "" && !strings.EqualFold(name, v.name) {
		if s.vars[strings.ToUpper(name)] != nil {
			apiError(w, 409, "Already exists - Variable already exists", variablesDoc+"#update-a-repository-variable")
			return
		}
		delete(s.vars, v.name)
		v.name = strings.ToUpper(name)
		s.vars[v.name] = v
	}
	v.value, v.updated = value, time.Now()
	w.WriteHeader(http.StatusNoContent)
}

// Variable is the value of the repository variable name ("" when there is none): what a
// workflow's `vars.NAME` reads.
func (s *Server) Variable(name string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if v := s.vars[strings.ToUpper(name)]; v != nil {
		return v.value
	}
	return ""
}
