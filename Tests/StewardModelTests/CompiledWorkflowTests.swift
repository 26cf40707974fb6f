import Foundation
import StewardModel
import Testing

/// The runnable form: the hash instances are pinned to, transitions as indexes, nested flows.
@Suite("compiled workflow")
struct CompiledWorkflowTests {
    static let plan = """
        steward: 1
        id: plan
        title: 年度党建工作规划
        start: draft
        states:
          draft:
            type: task
            title: 起草规划
            assignee: { role: union-office }
            form:
              items: { type: list }
            actions:
              submit: { to: review }
          review:
            type: parallel
            branches:
              committee:
                start: committee-review
                states:
                  committee-review:
                    type: task
                    assignee: { role: union-committee }
                    actions:
                      approve: committee-done
                      reject: committee-rejected
                  committee-done: { type: final }
                  committee-rejected: { type: final, outcome: rejected }
              secretary:
                start: secretary-read
                states:
                  secretary-read:
                    type: task
                    assignee: { role: branch-secretary }
                    actions: { ok: secretary-done }
                  secretary-done: { type: final }
            next: assign
          assign:
            type: foreach
            items: ${{ states.draft.form.items }}
            do:
              start: report
              states:
                report:
                  type: task
                  assignee: { role: members }
                  actions: { done: finished }
                finished: { type: final }
            next: archive
          archive:
            type: action
            uses: archive
            with: { ledger: 党建台账 }
            catch:
              - error: any
                to: failed
            next: done
          failed: { type: final, outcome: failed }
          done: { type: final }

        """

    @Test("the hash is SHA-256 in lower-case hex (FIPS 180-2 vectors)")
    func hashVectors() {
        #expect(CompiledWorkflow.hash(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(CompiledWorkflow.hash([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test("sourceHash is the hash of the exact bytes, kept with them")
    func sourceHash() throws {
        let compiled = try #require(validate(Self.plan).compiled)
        #expect(compiled.source == Array(Self.plan.utf8))
        #expect(compiled.sourceHash == CompiledWorkflow.hash(Array(Self.plan.utf8)))
        #expect(compiled.sourceHash.count == 64)
    }

    @Test("editing one byte (even in a comment) gives another hash")
    func oneByteEdit() throws {
        let edited = Self.plan.replacingOccurrences(of: "年度党建工作规划", with: "年度党建工作计划")
        let a = try #require(validate(Self.plan).compiled)
        let b = try #require(validate(edited).compiled)
        #expect(a.sourceHash != b.sourceHash)
        let spaced = try #require(validate(Self.plan + " ").compiled)
        #expect(spaced.sourceHash != a.sourceHash)
        #expect(try #require(validate(Self.plan).compiled).sourceHash == a.sourceHash)
    }

    @Test("transitions are resolved to the indexes of their targets in the same flow")
    func transitions() throws {
        let compiled = try #require(validate(Self.plan).compiled)
        let top = compiled.flows[0]
        #expect(top.owner == nil)
        #expect(top.start == top.index(of: "draft"))
        #expect(top.states.map(\.state.name) == ["draft", "review", "assign", "archive", "failed", "done"])
        for state in top.states {
            for (transition, target) in state.transitions {
                #expect(top.states[target].state.name == transition.target.value)
            }
        }
        let archive = try #require(top.index(of: "archive"))
        let targets = top.states[archive].transitions.map { ($0.transition.label, $0.target) }
        #expect(targets.map(\.0) == [nil, "error: any"])
        #expect(targets.map(\.1) == [top.index(of: "done"), top.index(of: "failed")])
        let draft = try #require(top.index(of: "draft"))
        #expect(top.states[draft].transitions.map(\.target) == [top.index(of: "review")])
    }

    @Test("the flows of parallel and foreach states are linked to their owner")
    func nestedFlows() throws {
        let compiled = try #require(validate(Self.plan).compiled)
        #expect(compiled.flows.count == 4)
        let top = compiled.flows[0]
        let review = try #require(top.index(of: "review"))
        let assign = try #require(top.index(of: "assign"))
        #expect(top.states[review].nestedFlows.count == 2)
        #expect(top.states[assign].nestedFlows.count == 1)
        #expect(top.states[top.index(of: "draft")!].nestedFlows.isEmpty)
        for flow in top.states[review].nestedFlows {
            #expect(compiled.flows[flow].owner?.flow == 0)
            #expect(compiled.flows[flow].owner?.state == review)
            #expect(compiled.flows[flow].itemName == nil)
        }
        let body = compiled.flows[top.states[assign].nestedFlows[0]]
        #expect(body.owner?.flow == 0)
        #expect(body.owner?.state == assign)
        #expect(body.itemName == "item")
        #expect(body.states.map(\.state.name) == ["report", "finished"])
        #expect(body.states[body.start].transitions.map(\.target) == [body.index(of: "finished")])
        let committee = compiled.flows[top.states[review].nestedFlows[0]]
        #expect(committee.states[committee.start].transitions.map(\.target)
            == [committee.index(of: "committee-done"), committee.index(of: "committee-rejected")])
    }

    @Test("no compiled form when there is an error; a warning does not prevent it")
    func onlyWithoutErrors() {
        let broken = validate(Self.plan.replacingOccurrences(of: "to: review", with: "to: reveiw"))
        #expect(broken.hasErrors)
        #expect(broken.compiled == nil)
        #expect(broken.workflow != nil)
        let unreachable = validate(Self.plan.replacingOccurrences(of: "  done: { type: final }",
                                                                   with: "  done: { type: final }\n  spare: { type: final }"))
        #expect(findings(unreachable) == ["unreachable-state@59:3"])
        #expect(unreachable.compiled != nil)
    }

    @Test("the long fixture compiles with more than 200 states")
    func longWorkflow() throws {
        let url = fixturesFolder.appendingPathComponent("workflows/valid/long-annual-cycle.yaml")
        let bytes = try [UInt8](Data(contentsOf: url))
        let context = ValidationContext(calendars: ["cn-workdays"])
        let result = WorkflowValidator(context: context).validate(.init(path: "long.yaml", bytes: bytes))
        #expect(result.diagnostics.isEmpty)
        let compiled = try #require(result.compiled)
        #expect(compiled.flows.reduce(0) { $0 + $1.states.count } >= 200)
    }

    @Test("a child workflow state's 'with' is part of what the state is, and keeps where each name is written")
    func childInputsCompare() throws {
        func child(_ with: String) throws -> SubworkflowSpec {
            let result = validate("""
                steward: 1
                id: yearly
                start: plan
                states:
                  plan:
                    type: workflow
                    uses: party-building-plan
                    with: \(with)
                    next: done
                  done: { type: final }

                """)
            let workflow = try #require(result.workflow)
            let plan = try #require(workflow.flow.states.first { $0.name == "plan" })
            guard case .workflow(let spec) = plan.kind else { throw ChildSpecMissing() }
            return spec
        }
        let year2026 = try child("{ year: 2026 }")
        #expect(year2026 == (try child("{ year: 2026 }")))
        #expect(year2026 != (try child("{ year: 2027 }")))
        #expect(year2026 != (try child("{ yaer: 2026 }")))
        #expect(year2026.withKeys["year"]?.line == 8)
        #expect(year2026.withKeys["year"]?.column == 13)
    }

    struct ChildSpecMissing: Error {}
}
