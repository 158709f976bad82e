package githubfake

import (
	"fmt"
	"net/http"
	"strconv"
)

// workflowRun is one run of a workflow, with its check suite and jobs, as GitHub Actions keeps
// them: every job is also a check run on the run's head commit, in the run's check suite.
type workflowRun struct {
	obj  map[string]any
	jobs []map[string]any
}

// StartRun records a run of workflow (a file name, such as deploy.yml) on commit sha, in
// progress, with one job named job: the job appears as an in-progress check run on sha, as on
// GitHub, where a deploy job is itself a check of the commit it runs on. It returns the run's
// ID (GITHUB_RUN_ID) and the job's check run ID.
func (s *Server) StartRun(workflow, sha, job string) (runID, checkRunID int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nextID++
	runID = s.nextID
	s.nextID++
	suite := s.nextID
	s.nextID++
	checkRunID = s.nextID
	wfID := s.workflowID(workflow)
	run := &workflowRun{obj: map[string]any{"id": runID, "name": workflow, "workflow_id": wfID, "head_sha": sha, "head_branch": "main",
		"path": ".github/workflows/" + workflow, "event": "workflow_run", "status": "in_progress", "conclusion": nil,
		"run_attempt": 1, "check_suite_id": suite, "html_url": fmt.Sprintf("https://github.com/acme/hello/actions/runs/%d", runID)}}
	run.jobs = append(run.jobs, map[string]any{"id": checkRunID, "run_id": runID, "run_attempt": 1, "name": job, "head_sha": sha,
		"status": "in_progress", "conclusion": nil, "check_run_url": fmt.Sprintf("%s/repos/acme/hello/check-runs/%d", s.URL, checkRunID)})
	s.runs = append(s.runs, run)
	s.checks[sha] = append(s.checks[sha], map[string]any{"id": checkRunID, "name": job, "head_sha": sha, "status": "in_progress",
		"conclusion": nil, "check_suite": map[string]any{"id": suite}, "app": map[string]any{"slug": "github-actions"}})
	return runID, checkRunID
}

// FinishRun completes the run runID with conclusion (success, failure, cancelled, …), and its
// jobs with it, as GitHub does when a run ends or its runner is lost.
func (s *Server) FinishRun(runID int64, conclusion string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	run := s.findRun(strconv.FormatInt(runID, 10))
	if run == nil {
		return
	}
	run.obj["status"], run.obj["conclusion"] = "completed", conclusion
	for _, j := range run.jobs {
		j["status"], j["conclusion"] = "completed", conclusion
	}
}

func (s *Server) workflowID(file string) int64 {
	if s.workflowIDs == nil {
		s.workflowIDs = map[string]int64{}
	}
	if id, ok := s.workflowIDs[file]; ok {
		return id
	}
	id := int64(100 + len(s.workflowIDs))
	s.workflowIDs[file] = id
	return id
}

func (s *Server) findRun(id string) *workflowRun {
	n, _ := strconv.ParseInt(id, 10, 64)
	for _, r := range s.runs {
		if r.obj["id"] == n {
			return r
		}
	}
	return nil
}

func (s *Server) getRun(w http.ResponseWriter, r *http.Request, a []string) {
	run := s.findRun(a[2])
	if run == nil {
		apiError(w, 404, "Not Found", "https://docs.github.com/rest/actions/workflow-runs#get-a-workflow-run")
		return
	}
	writeJSON(w, 200, run.obj)
}

func (s *Server) runJobs(w http.ResponseWriter, r *http.Request, a []string) {
	run := s.findRun(a[2])
	if run == nil || (len(a) > 3 && a[3] != fmt.Sprint(run.obj["run_attempt"])) {
		apiError(w, 404, "Not Found", "https://docs.github.com/rest/actions/workflow-jobs#list-jobs-for-a-workflow-run-attempt")
		return
	}
	writeJSON(w, 200, map[string]any{"total_count": len(run.jobs), "jobs": page(w, r, run.jobs)})
}

// workflowRuns lists a workflow's runs (by ID or file name), newest first, filtered by head_sha.
func (s *Server) workflowRuns(w http.ResponseWriter, r *http.Request, a []string) {
	var wf int64
	if n, err := strconv.ParseInt(a[2], 10, 64); err == nil {
		wf = n
	} else if id, ok := s.workflowIDs[a[2]]; ok {
		wf = id
	} else if !s.workflows[a[2]] {
		apiError(w, 404, "Not Found", "https://docs.github.com/rest/actions/workflow-runs#list-workflow-runs-for-a-workflow")
		return
	}
	var out []map[string]any
	for i := len(s.runs) - 1; i >= 0; i-- {
		o := s.runs[i].obj
		if o["workflow_id"] != wf {
			continue
		}
		if sha := r.URL.Query().Get("head_sha"); sha != "" && o["head_sha"] != sha {
			continue
		}
		out = append(out, o)
	}
	writeJSON(w, 200, map[string]any{"total_count": len(out), "workflow_runs": page(w, r, out)})
}
