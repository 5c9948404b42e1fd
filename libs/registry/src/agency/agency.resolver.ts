import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Allow, mapPage, Paginated, Public, Role } from '#core';
import { Agency, AgencyTask, StructuralUnit } from './agency.model.js';
import { AgencyService } from './agency.service.js';
import {
  AgenciesArgs,
  CreateAgencyInput,
  CreateAgencyTaskInput,
  CreateStructuralUnitInput,
  UpdateAgencyInput,
} from './dto/agency.inputs.js';

const AgencyPage = Paginated(Agency);

@Resolver(() => Agency)
export class AgencyResolver {
  constructor(private readonly service: AgencyService) {}

  @Public()
  @Query(() => Agency, { description: 'One agency, by id or by code.' })
  async agency(
    @Args('id', { type: () => ID, nullable: true }) id?: string,
    @Args('code', { nullable: true }) code?: string,
  ) {
    return new Agency(await this.service.findOne({ id, code }));
  }

  @Public()
  @Query(() => AgencyPage)
  async agencies(@Args() args: AgenciesArgs) {
    return mapPage(await this.service.list(args), (row) => new Agency(row));
  }

  @Allow()
  @Mutation(() => Agency)
  async createAgency(@Args('input') input: CreateAgencyInput) {
    return new Agency(await this.service.create(input));
  }

  @Allow()
  @Mutation(() => Agency)
  async updateAgency(@Args('input') input: UpdateAgencyInput) {
    return new Agency(await this.service.update(input));
  }

  @Allow()
  @Mutation(() => Agency, { description: 'Marks an agency archived; its functions and history stay.' })
  async archiveAgency(@Args('id', { type: () => ID }) id: string) {
    return new Agency(await this.service.archive(id));
  }

  @Allow(Role.REVIEWER)
  @Mutation(() => StructuralUnit)
  createStructuralUnit(@Args('input') input: CreateStructuralUnitInput) {
    return this.service.createStructuralUnit(input);
  }

  @Allow(Role.REVIEWER)
  @Mutation(() => AgencyTask)
  createAgencyTask(@Args('input') input: CreateAgencyTaskInput) {
    return this.service.createTask(input);
  }
}
