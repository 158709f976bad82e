package dora

import (
	"fmt"
	"time"
)

// BandsYear is the year of the DORA report whose software delivery performance levels Bands
// uses, and BandsSource names it.
const (
	BandsYear   = 2024
	BandsSource = "Accelerate State of DevOps Report 2024 (dora.dev/research/2024/dora-report)"
)

// Band is the DORA performance level a figure falls in.
type Band struct {
	// Level is elite, high, medium or low.
	Level string `json:"level"`
	// Report is the year of the DORA report the levels come from (BandsYear).
	Report int `json:"report"`
	// Range is what the report gives for that level, such as "less than one day".
	Range string `json:"range"`
}

// Bands are the levels of a window's four figures; a figure that could not be computed (no
// deployments, no commits, no changes, no restores) has none.
type Bands struct {
	DeploymentFrequency *Band `json:"deployment_frequency,omitempty"`
	LeadTime            *Band `json:"lead_time,omitempty"`
	ChangeFailureRate   *Band `json:"change_failure_rate,omitempty"`
	TimeToRestore       *Band `json:"time_to_restore,omitempty"`
}

// The 2024 report's four clusters (elite, high, medium, low) give, per metric:
//
//	deployment frequency   on demand (multiple deploys per day) | between once per day and once
//	                       per week | between once per week and once per month | between once
//	                       per month and once every six months
//	change lead time       less than one day | between one day and one week | between one week
//	                       and one month | between one month and six months
//	change fail rate       5% | 20% | 10% | 40%
//	failed deployment      less than one hour | less than one day | less than one day | between
//	recovery time          one week and one month
//
// A figure gets the best level whose value it meets. Change fail rate and recovery time are
// not ordered by level in that report (medium's 10% is better than high's 20%; high and medium
// share "less than one day"), so for those two a figure is elite, high or low: 8% meets high's
// 20% (and medium's 10%), and high is the better level. A recovery time between one day and
// one week, which no cluster has, is low. A month is 730 hours (a year's twelfth, as Four Keys
// buckets it).
const (
	day   = 24 * time.Hour
	week  = 7 * day
	month = 730 * time.Hour
)

func band(level, rng string) *Band { return &Band{Level: level, Report: BandsYear, Range: rng} }

// bandsOf places a window's figures in the report's levels.
func bandsOf(f Figures) *Bands {
	b := &Bands{}
	if f.Deployments > 0 {
		perDay := float64(f.Deployments) / (f.To.Sub(f.From).Hours() / 24)
		switch {
		case perDay > 1:
			b.DeploymentFrequency = band("elite", "on demand (multiple deploys per day)")
		case perDay*7 >= 1:
			b.DeploymentFrequency = band("high", "between once per day and once per week")
		case perDay*float64(month)/float64(day) >= 1:
			b.DeploymentFrequency = band("medium", "between once per week and once per month")
		default:
			b.DeploymentFrequency = band("low", "between once per month and once every six months")
		}
	}
	if f.LeadTime != nil {
		switch lt := time.Duration(*f.LeadTime); {
		case lt < day:
			b.LeadTime = band("elite", "less than one day")
		case lt < week:
			b.LeadTime = band("high", "between one day and one week")
		case lt < month:
			b.LeadTime = band("medium", "between one week and one month")
		default:
			b.LeadTime = band("low", "between one month and six months")
		}
	}
	if f.ChangeFailureRate != nil {
		switch r := *f.ChangeFailureRate; {
		case r <= 0.05:
			b.ChangeFailureRate = band("elite", "5%")
		case r <= 0.20:
			b.ChangeFailureRate = band("high", "20%")
		default:
			b.ChangeFailureRate = band("low", "40%")
		}
	}
	if f.TimeToRestore != nil {
		switch rt := time.Duration(*f.TimeToRestore); {
		case rt < time.Hour:
			b.TimeToRestore = band("elite", "less than one hour")
		case rt < day:
			b.TimeToRestore = band("high", "less than one day")
		default:
			b.TimeToRestore = band("low", "between one week and one month")
		}
	}
	return b
}

func (b *Bands) freq() *Band {
	if b == nil {
		return nil
	}
	return b.DeploymentFrequency
}

func (b *Bands) lead() *Band {
	if b == nil {
		return nil
	}
	return b.LeadTime
}

func (b *Bands) cfr() *Band {
	if b == nil {
		return nil
	}
	return b.ChangeFailureRate
}

func (b *Bands) restore() *Band {
	if b == nil {
		return nil
	}
	return b.TimeToRestore
}

// text is how Text shows a figure's level: "  [high 2024: between one day and one week]".
func (b *Bands) text(x *Band) string {
	if x == nil {
		return ""
	}
	return fmt.Sprintf("  [%s %d: %s]", x.Level, x.Report, x.Range)
}
