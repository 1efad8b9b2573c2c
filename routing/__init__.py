"""Pure optimisation and geometry helpers: no database, no Qt.

Planning a day: build a ``routing.problem.RoutingProblem`` (visits, technicians, zones), call
``routing.solver.solve(problem, state, options, provider)`` off the UI thread with a ``routing.state.SolveState``
for progress and cancel, and read the ``routing.plan.RoutingPlan`` it returns. ``routing.checker.check`` verifies
any plan (ours, another solver's, a dispatcher's edit timed by ``routing.schedule.schedule_routes``). Travel
times come from ``routing.matrix.HaversineProvider`` or ``routing.table_service.TableServiceProvider``.
"""
