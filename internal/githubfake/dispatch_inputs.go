package githubfake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"sort"

	"go.yaml.in/yaml/v3"
)

// dispatchInput is one input a workflow declares under on.workflow_dispatch.inputs.
type dispatchInput struct {
	Required bool     `yaml:"required"`
	Type     string   `yaml:"type"`
	Options  []string `yaml:"options"`
	Default  any      `yaml:"default"`
}

// Workflow registers a workflow file (its name, such as "deploy.yml", and its YAML): a
// dispatch of it is then checked against the inputs it declares, as GitHub checks it (422
// "Unexpected inputs provided: [...]", "Required input 'x' not provided", "Provided value 'v'
// for input 'x' not in the list of allowed values"). A workflow registered without its file
// takes any inputs.
func (s *Server) Workflow(name string, workflowYAML []byte) error {
	var wf struct {
		On struct {
			WorkflowDispatch struct {
				Inputs map[string]dispatchInput `yaml:"inputs"`
			} `yaml:"workflow_dispatch"`
		} `yaml:"on"`
	}
	if err := yaml.Unmarshal(workflowYAML, &wf); err != nil {
		return fmt.Errorf("workflow %s: %w", name, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.workflows[name] = true
	if s.dispatchInputs == nil {
		s.dispatchInputs = map[string]map[string]dispatchInput{}
	}
	s.dispatchInputs[name] = wf.On.WorkflowDispatch.Inputs
	return nil
}

// checkDispatchInputs answers 422 as GitHub does when inputs do not fit what the workflow
// declares; it reports whether they fit. It runs in a handler, under s.mu.
func (s *Server) checkDispatchInputs(w http.ResponseWriter, workflow string, inputs map[string]any) bool {
	declared, known := s.dispatchInputs[workflow]
	if !known {
		return true
	}
	const doc = "https://docs.github.com/rest/actions/workflows#create-a-workflow-dispatch-event"
	var unexpected []string
	for k := range inputs {
		if _, ok := declared[k]; !ok {
			unexpected = append(unexpected, k)
		}
	}
	if len(unexpected) > 0 {
		sort.Strings(unexpected)
		b, _ := json.Marshal(unexpected)
		apiError(w, 422, "Unexpected inputs provided: "+string(b), doc)
		return false
	}
	names := make([]string, 0, len(declared))
	for k := range declared {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		in := declared[k]
		v, given := inputs[k]
		str := fmt.Sprint(v)
		if v == nil {
			str = ""
		}
		if in.Required && (!given || str == "") && in.Default == nil {
			apiError(w, 422, fmt.Sprintf("Required input '%s' not provided", k), doc)
			return false
		}
		if in.Type == "choice" && given && str != "" && !slices.Contains(in.Options, str) {
			apiError(w, 422, fmt.Sprintf("Provided value '%s' for input '%s' not in the list of allowed values", str, k), doc)
			return false
		}
	}
	return true
}
