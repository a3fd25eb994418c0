import express from 'express';

import { modelRoutesContract } from './contract.js';
import { expressHarness } from './harness.js';

modelRoutesContract('Express 5', expressHarness(express));
