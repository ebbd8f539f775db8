// The vSphere simulator for virt-who's ESX tests and benchmarks: a small launcher over the simulator library of
// Debian's golang-github-vmware-govmomi-dev, which ships the library but not the vcsim command.
//
// It prints one line "ready URL" on standard output once the inventory is built and the server listens, then
// serves until it is sent SIGTERM or SIGINT, or, with -stdin, until its standard input closes (so a test that dies
// takes it along).
package main

import (
	"crypto/tls"
	"flag"
	"fmt"
	"io"
	"io/ioutil"
	"log"
	"net/url"
	"os"
	"os/signal"
	"syscall"

	"github.com/vmware/govmomi/simulator"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:0", "address to listen on; port 0 picks a free one")
	standalone := flag.Bool("esx", false, "a standalone ESX host instead of a vCenter")
	user := flag.String("user", "", "the only user name accepted (with -password); any is accepted when empty")
	password := flag.String("password", "", "the password of -user")
	certOut := flag.String("cert-out", "", "write the server's self-signed certificate (PEM) to this file")
	watchStdin := flag.Bool("stdin", false, "also stop when standard input closes")
	datacenters := flag.Int("datacenters", 1, "datacenters (vCenter only)")
	clusters := flag.Int("clusters", 1, "clusters per datacenter")
	clusterHosts := flag.Int("cluster-hosts", 3, "hosts per cluster")
	hosts := flag.Int("hosts", 1, "standalone hosts per datacenter")
	vms := flag.Int("vms", 2, "VMs per cluster and per standalone host (each one's resource pool)")
	flag.Parse()
	log.SetOutput(ioutil.Discard) // the simulator logs every call; the tests read only our own lines

	model := simulator.VPX()
	if *standalone {
		model = simulator.ESX()
	} else {
		model.Datacenter = *datacenters
		model.Cluster = *clusters
		model.ClusterHost = *clusterHosts
		model.Host = *hosts
	}
	model.Machine = *vms
	model.Autostart = true
	if err := model.Create(); err != nil {
		fail(err)
	}
	defer model.Remove()

	model.Service.Listen = &url.URL{Host: *listen}
	if *user != "" {
		model.Service.Listen.User = url.UserPassword(*user, *password)
	}
	model.Service.TLS = new(tls.Config)
	server := model.Service.NewServer()
	defer server.Close()
	if *certOut != "" {
		written, err := server.CertificateFile()
		if err != nil {
			fail(err)
		}
		pem, err := ioutil.ReadFile(written)
		if err != nil {
			fail(err)
		}
		if err := ioutil.WriteFile(*certOut, pem, 0644); err != nil {
			fail(err)
		}
	}

	endpoint := *server.URL
	endpoint.User = nil
	count := model.Count()
	fmt.Printf("ready %s hosts=%d vms=%d\n", endpoint.String(), count.Host, count.Machine)

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT)
	if *watchStdin {
		go func() {
			io.Copy(ioutil.Discard, os.Stdin)
			stop <- syscall.SIGTERM
		}()
	}
	<-stop
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "vcsim:", err)
	os.Exit(1)
}
