"""Project contests (participatory budget): proposals, review, ballots, results, implementation."""
