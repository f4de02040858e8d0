package main

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// watcher polls a process group led by terraform: terraform's own peak RSS
// (VmHWM), and the group's RSS, to stop an apply that would take the
// machine's memory. wait4's peak RSS cannot stand for terraform's: it is
// the largest of terraform's and its providers', and exec keeps in it the
// peak of the memory the process replaced, which for a child started with
// vfork (as Go starts them) is its parent's, the bench's own.
type watcher struct {
	done      chan struct{}
	wg        sync.WaitGroup
	hwmKiB    int64
	overLimit bool
	// providers are the provider processes seen in the group, by pid: what
	// a stopped apply's providers had used when last polled, as they are
	// killed before they can report their rusage.
	providers map[int]polled
}

// polled is one provider process as last seen.
type polled struct {
	cpuMs, hwmKiB int64
}

// watchEvery is the polling period of the high-water mark, which misses at
// most what terraform gains in its last period; the group, which takes a
// walk of /proc, is polled every groupEvery-th period.
const (
	watchEvery = 50 * time.Millisecond
	groupEvery = 10
)

func watch(pid int, limitKiB int64, kill func()) *watcher {
	w := &watcher{done: make(chan struct{}), providers: map[int]polled{}}
	w.wg.Add(1)
	go func() {
		defer w.wg.Done()
		tick := time.NewTicker(watchEvery)
		defer tick.Stop()
		for i := 0; ; i++ {
			if hwm := statusKiB(pid, "VmHWM:"); hwm > w.hwmKiB {
				w.hwmKiB = hwm
			}
			if i%groupEvery == 0 && w.pollGroup(pid) > limitKiB && !w.overLimit {
				w.overLimit = true
				kill()
			}
			select {
			case <-w.done:
				return
			case <-tick.C:
			}
		}
	}()
	return w
}

// stop ends the polling and returns terraform's last polled peak RSS and
// whether the group went over the limit.
func (w *watcher) stop() (hwmKiB int64, overLimit bool) {
	close(w.done)
	w.wg.Wait()
	return w.hwmKiB, w.overLimit
}

// polledProviders sums the CPU and takes the largest peak RSS of the
// provider processes, as last polled.
func (w *watcher) polledProviders() (cpuMs, rssKiB int64) {
	for _, p := range w.providers {
		cpuMs += p.cpuMs
		rssKiB = max(rssKiB, p.hwmKiB)
	}
	return cpuMs, rssKiB
}

// statusKiB is a "kB" field of /proc/pid/status, 0 once the process is gone.
func statusKiB(pid int, field string) int64 {
	f, err := os.Open(filepath.Join("/proc", strconv.Itoa(pid), "status"))
	if err != nil {
		return 0
	}
	defer func() { _ = f.Close() }()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if rest, ok := strings.CutPrefix(s.Text(), field); ok {
			kib, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kib
		}
	}
	return 0
}

// pollGroup sums the resident memory of the processes of group pgid and
// notes the provider processes' CPU and peak RSS: the real binaries, under
// real/, not their wrappers.
func (w *watcher) pollGroup(pgid int) (rssKiB int64) {
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	page := int64(os.Getpagesize()) / 1024
	for _, path := range stats {
		data, err := os.ReadFile(path) //nolint:gosec // G304: /proc
		if err != nil {
			continue
		}
		// The command name, in parentheses, may hold spaces: the fields
		// are counted after its closing one, from the state (field 3).
		i := strings.LastIndexByte(string(data), ')')
		if i < 0 {
			continue
		}
		fields := strings.Fields(string(data[i+1:]))
		if len(fields) < 22 || fields[2] != strconv.Itoa(pgid) {
			continue
		}
		pages, _ := strconv.ParseInt(fields[21], 10, 64) // field 24, rss
		rssKiB += pages * page
		dir := filepath.Dir(path)
		if exe, err := os.Readlink(filepath.Join(dir, "exe")); err == nil && filepath.Base(filepath.Dir(exe)) == "real" {
			utime, _ := strconv.ParseInt(fields[11], 10, 64) // fields 14 and 15, in clock ticks
			stime, _ := strconv.ParseInt(fields[12], 10, 64)
			pid, _ := strconv.Atoi(filepath.Base(dir))
			w.providers[pid] = polled{cpuMs: (utime + stime) * 1000 / clockTicks, hwmKiB: statusKiB(pid, "VmHWM:")}
		}
	}
	return rssKiB
}

// clockTicks is Linux's USER_HZ, the unit of /proc's CPU times, 100 on
// every architecture Go supports.
const clockTicks = 100
