// Package durfmt writes durations the way people read them in release messages and tables:
// "2d 14h", "21h 10m", "45m" (rounded to the minute).
package durfmt

import (
	"fmt"
	"time"
)

// Short formats d rounded to the minute: days and hours, hours and minutes, or minutes.
func Short(d time.Duration) string {
	d = d.Round(time.Minute)
	days := d / (24 * time.Hour)
	d -= days * 24 * time.Hour
	h, m := d/time.Hour, (d%time.Hour)/time.Minute
	switch {
	case days > 0:
		return fmt.Sprintf("%dd %dh", days, h)
	case h > 0:
		return fmt.Sprintf("%dh %02dm", h, m)
	}
	return fmt.Sprintf("%dm", m)
}

// Round rounds d for display: to 10ms above a second, 10µs above a millisecond, else 1µs.
func Round(d time.Duration) time.Duration {
	switch {
	case d >= time.Second:
		return d.Round(10 * time.Millisecond)
	case d >= time.Millisecond:
		return d.Round(10 * time.Microsecond)
	default:
		return d.Round(time.Microsecond)
	}
}
