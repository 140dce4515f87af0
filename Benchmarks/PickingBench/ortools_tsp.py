#!/usr/bin/env python3
"""Solves the pick-route instances written by PickingBench with Google OR-tools (guided local search).

Usage: ortools_tsp.py INSTANCES.json RESULTS.json
Input: {"time_limit_seconds": 10, "instances": [{"name": "...", "matrix": [[...], ...]}]}; node 0 is the depot,
distances are integer millimetres and may be asymmetric (one-way aisles).
Output: {"results": [{"name": "...", "length": 123, "seconds": 10.0}]}, or {"error": "..."} with exit code 3
when OR-tools is not installed.
"""
import json
import sys
import time


def main() -> int:
    source, target = sys.argv[1], sys.argv[2]
    try:
        from ortools.constraint_solver import pywrapcp, routing_enums_pb2
    except ImportError as error:
        with open(target, "w") as handle:
            json.dump({"error": f"ortools not importable: {error}"}, handle)
        return 3
    with open(source) as handle:
        problem = json.load(handle)
    limit = problem["time_limit_seconds"]
    results = []
    for instance in problem["instances"]:
        matrix = instance["matrix"]
        manager = pywrapcp.RoutingIndexManager(len(matrix), 1, 0)
        routing = pywrapcp.RoutingModel(manager)

        def distance(from_index, to_index, matrix=matrix, manager=manager):
            return matrix[manager.IndexToNode(from_index)][manager.IndexToNode(to_index)]

        callback = routing.RegisterTransitCallback(distance)
        routing.SetArcCostEvaluatorOfAllVehicles(callback)
        parameters = pywrapcp.DefaultRoutingSearchParameters()
        parameters.first_solution_strategy = routing_enums_pb2.FirstSolutionStrategy.PATH_CHEAPEST_ARC
        parameters.local_search_metaheuristic = routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
        parameters.time_limit.FromMilliseconds(int(limit * 1000))
        started = time.monotonic()
        solution = routing.SolveWithParameters(parameters)
        elapsed = time.monotonic() - started
        length = solution.ObjectiveValue() if solution else None
        results.append({"name": instance["name"], "length": length, "seconds": round(elapsed, 3)})
        print(f"  or-tools {instance['name']}: {length} mm in {elapsed:.1f} s", file=sys.stderr, flush=True)
    with open(target, "w") as handle:
        json.dump({"results": results}, handle)
    return 0


if __name__ == "__main__":
    sys.exit(main())
