#!/usr/bin/env python3
"""Writes WireMock mappings of a Hyper-V host (Windows Server 2012 R2 or later) with N virtual machines.

Usage: generate-hyperv.py VMS BATCH OUTDIR
The WinRM service asks for Basic authentication once, answers the old root/virtualization namespace with
an 'invalid namespace' fault, and sends the machines in pages of BATCH: the Enumerate answer brings the first
page (OptimizeEnumeration), Pulls bring the rest. Deterministic: GUIDs come from a seeded generator.
"""
import json
import os
import random
import sys
import uuid

S = "http://www.w3.org/2003/05/soap-envelope"
N = "http://schemas.xmlsoap.org/ws/2004/09/enumeration"
W = "http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd"
WMI = "http://schemas.microsoft.com/wbem/wsman/1/wmi/"


def envelope(body):
    return ('<?xml version="1.0" encoding="UTF-8"?><s:Envelope xmlns:s="%s" xmlns:n="%s" xmlns:w="%s" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><s:Header/><s:Body>%s</s:Body></s:Envelope>'
            % (S, N, W, body))


def mapping(name, contains, status, body, priority=5):
    return name, {
        "priority": priority,
        "request": {"method": "POST", "urlPath": "/wsman",
                    "bodyPatterns": [{"contains": text} for text in contains]},
        "response": {"status": status, "body": body,
                     "headers": {"Content-Type": "application/soap+xml;charset=UTF-8"}},
    }


def fragment(properties):
    return "<w:XmlFragment>%s</w:XmlFragment>" % "".join(
        "<%s>%s</%s>" % (key, value, key) for key, value in properties)


def enumeration(items, context, end, pull):
    element = "PullResponse" if pull else "EnumerateResponse"
    items_ns = "n" if pull else "w"
    return envelope("<n:%s>%s<%s:Items>%s</%s:Items>%s</n:%s>" % (
        element, "<n:EnumerationContext>%s</n:EnumerationContext>" % context if context else "",
        items_ns, "".join(items), items_ns, "<%s:EndOfSequence/>" % items_ns if end else "", element))


def main():
    vms, batch, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    rng = random.Random(7)
    machines = [(str(uuid.UUID(int=rng.getrandbits(128))).upper(), str(uuid.UUID(int=rng.getrandbits(128))).upper())
                for _ in range(vms)]
    mappings = [("challenge", {
        "priority": 1,
        "request": {"method": "POST", "urlPath": "/wsman", "headers": {"Authorization": {"absent": True}}},
        "response": {"status": 401, "headers": {"WWW-Authenticate": "Basic realm=\"WSMAN\""}},
    })]
    fault = envelope(
        '<s:Fault><s:Code><s:Value>s:Sender</s:Value><s:Subcode><s:Value>w:InternalError</s:Value></s:Subcode>'
        '</s:Code><s:Reason><s:Text xml:lang="en-US">The WMI service returned an invalid namespace error.'
        '</s:Text></s:Reason><s:Detail><f:WSManFault xmlns:f="http://schemas.microsoft.com/wbem/wsman/1/wsmanfault"'
        ' Code="2150858778" Machine="bench"/></s:Detail></s:Fault>')
    mappings.append(mapping("v1", ["SettingType = 3"], 500, fault))
    pages = [machines[i:i + batch] for i in range(0, len(machines), batch)] or [[]]
    for number, page in enumerate(pages):
        items = [fragment([("BIOSGUID", "{%s}" % guid), ("VirtualSystemIdentifier", name)]) for guid, name in page]
        last = number == len(pages) - 1
        context = None if last and number > 0 else "uuid:page-%d" % (number + 1)
        body = enumeration(items, context, last, number > 0)
        if number == 0:
            mappings.append(mapping("v2", ["System:Realized"], 200, body))
        else:
            mappings.append(mapping("pull-%d" % number, ["<n:EnumerationContext>uuid:page-%d<" % number], 200, body))
    service = WMI + "root/virtualization/v2/Msvm_VirtualSystemManagementService"
    summary_ns = WMI + "root/virtualization/v2/Msvm_SummaryInformation"
    states = ["2", "3", "32768", "32769"]
    summaries = "".join(
        '<p:SummaryInformation xmlns:q="%s" xsi:type="q:Msvm_SummaryInformation_Type"><q:ElementName>vm-%d'
        '</q:ElementName><q:EnabledState>%s</q:EnabledState><q:Name>%s</q:Name></p:SummaryInformation>'
        % (summary_ns, i, states[i % len(states)], name) for i, (_, name) in enumerate(machines))
    mappings.append(mapping("summary", ["GetSummaryInformation_INPUT"], 200, envelope(
        '<p:GetSummaryInformation_OUTPUT xmlns:p="%s">%s<p:ReturnValue>0</p:ReturnValue>'
        '</p:GetSummaryInformation_OUTPUT>' % (service, summaries))))
    mappings.append(mapping("vmms", ["CIM_Datafile"], 200, enumeration(
        ['<p:CIM_DataFile xmlns:p="%sroot/cimv2/CIM_DataFile"><p:FileName>vmms</p:FileName>'
         '<p:Path>\\windows\\system32\\</p:Path><p:Version>10.0.20348.2340</p:Version></p:CIM_DataFile>' % WMI],
        "uuid:vmms", True, False)))
    mappings.append(mapping("computer-system", ["from Win32_ComputerSystem<"], 200, enumeration(
        [fragment([("DNSHostName", "bench-hv"), ("NumberOfProcessors", "2")])], "uuid:cs", True, False)))
    mappings.append(mapping("system-product", ["Win32_ComputerSystemProduct"], 200, enumeration(
        [fragment([("UUID", "4C4C4544-0042-3610-8057-B4C04F4B4E32")])], "uuid:csp", True, False)))
    os.makedirs(out, exist_ok=True)
    for name, content in mappings:
        with open(os.path.join(out, name + ".json"), "w") as f:
            json.dump(content, f)


if __name__ == "__main__":
    main()
